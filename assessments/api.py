"""REST API of 考核评星 (API.md "Assessments")."""

from ninja import Router

from core.api import AUTH

router = Router(tags=["考核评星"], auth=AUTH)

# ---- awards: 表彰 ----
router.add_router("", "assessments.api_awards.router")

# ---- schemes ----
router.add_router("", "assessments.api_schemes.router")

# ---- results ----
router.add_router("", "assessments.api_results.router")

# ---- appraisal: 民主评议党员, 公开承诺, 限期改正 ----
router.add_router("", "assessments.api_appraisal.router")

# ---- rounds: rounds and their stages, self-checks, the panel's scores ----
router.add_router("", "assessments.api_rounds.router")

# ---- annual: 年终总评 ----
router.add_router("", "assessments.api_annual.router")
# ---- mass: 群众满意度测评 and 双评 群众评议 (two public operations: the ballot of a one-time code) ----
router.add_router("", "assessments.api_mass.router")

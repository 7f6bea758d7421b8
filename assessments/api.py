"""REST API of 考核评星 (API.md "Assessments")."""

from ninja import Router

from core.api import AUTH

router = Router(tags=["考核评星"], auth=AUTH)

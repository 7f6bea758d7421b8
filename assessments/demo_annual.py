"""Demo of 年终总评: the committee's 2026 annual evaluation over the three published quarters, the points ranking
and the project results (weights Q1 25, Q2 25, Q3 30, 积分 10, 项目 10), computed and waiting for its 公示
(the fourth quarter is still in self-check, so the committee has not publicized it yet).

No 2025 annual is built (the demo has no 2025 rounds): every result reads 首次.
`build(world, rounds)`: `rounds` are the published rounds, oldest first; returns the evaluation (None without)."""

from . import actions_annual

WEIGHTS = ("25", "25", "30")


def build(world, rounds):
    published = [r for r in rounds if r.state == "published"][: len(WEIGHTS)]
    scheme = world.get("assessment_scheme")
    if not published or scheme is None:
        return None
    committee_user = world["users"]["committee"]
    components = [{"kind": "round", "round": r.pk, "weight": w} for r, w in zip(published, WEIGHTS, strict=False)]
    rest = 100 - sum(int(w) for w in WEIGHTS[: len(published)])
    components += [{"kind": "points", "weight": str(rest - rest // 2)}, {"kind": "projects", "weight": str(rest // 2)}]
    ev = actions_annual.create_annual(
        by=committee_user,
        data={
            "org": scheme.org_id,
            "year": scheme.year,
            "scheme": scheme.pk,
            "title": f"{scheme.year}年度党支部年终总评",
            "components": components,
        },
    )
    ev = actions_annual.transition(ev, "compute", by=committee_user)
    world["assessment_annual"] = ev
    return ev

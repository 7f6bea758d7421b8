"""Demo: the committee's 2026年“六考一评”考核方案 — 6 categories, 67 items, 100 points, imported from the same sheet
the tests and the browser tests use (one veto item capping the stars at 2★, three items scored from the platform's
own data), with thresholds 5★ 90, 4★ 80, 3★ 70, 2★ 60, 1★ 0.

`build(world)` returns the scheme; the lead wires it (with the rounds' and results' demos after it) as the module's
`Demo` in apps.py.
"""

from core.excel import BytesUpload

from . import actions_schemes as actions
from . import importing_schemes as importing

SCHEME_NAME = "“六考一评”考核方案"
STARS = [{"stars": 5, "min": 90}, {"stars": 4, "min": 80}, {"stars": 3, "min": 70}, {"stars": 2, "min": 60},
         {"stars": 1, "min": 0}]  # fmt: skip


def build(world):
    from .tests import sample_xlsx

    admin = world["users"]["committee"]
    scheme = actions.create_scheme(
        by=admin,
        data={
            "org": world["committee"].pk,
            "year": world.get("year", 2026),
            "name": SCHEME_NAME,
            "description": "党建、宣传、党风廉政、工会、共青团、社会治安及武装保卫六个方面考核，按季度考核、年终总评（六考一评）。",
            "stars": STARS,
        },
    )
    rows, has_errors = importing.validate_rows(BytesUpload(sample_xlsx.xlsx(), "六考一评.xlsx"), scheme=scheme)
    if has_errors:  # the sample is the module's own: a broken one must stop the demo, not half-build it
        raise RuntimeError([r.errors for r in rows if r.errors][:3])
    importing.import_cleaned(scheme, rows, by=admin)
    return scheme

import datetime

import pytest

from records.tests.factories import make_record

from .corpus import RECORDS


@pytest.fixture
def corpus(world):
    """The test archive: key → Record, in branch A (and two in branch B)."""
    orgs = {"a": world.branch_a, "b": world.branch_b}
    return {
        key: make_record(orgs[branch], title, datetime.date.fromisoformat(date), type, content)
        for key, branch, type, date, title, content in RECORDS
    }

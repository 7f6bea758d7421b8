import pytest

from .warnings_helpers import TODAY


@pytest.fixture
def today(monkeypatch):
    """The platform's today fixed at 27 November 2026 (records may be filed up to it)."""
    from core import dates

    monkeypatch.setattr(dates, "today", lambda: TODAY)
    return TODAY

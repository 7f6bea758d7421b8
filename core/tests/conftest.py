"""The home page is fed by every module: borrow the points fixtures (reviewers, a scheme) for its tests."""

from points.tests.conftest import reviewers, scheme  # noqa: F401

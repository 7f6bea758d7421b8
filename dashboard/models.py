"""Models of the dashboard app: each part's models live in its own file and are gathered here."""

# ---- cockpit ----
# ---- warnings ----
from .models_warnings import *  # noqa: F403

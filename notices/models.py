"""Models of the notices app: each part's models live in its own file and are gathered here."""

# ---- notices ----
# ---- news ----
# ---- reminders ----
from .models_reminders import *  # noqa: F403

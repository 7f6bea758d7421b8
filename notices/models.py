"""Models of the notices app: each part's models live in its own file and are gathered here."""

# ---- notices ----
# ---- news ----
from .models_news import *  # noqa: F403
from .models_notices import *  # noqa: F403

# ---- reminders ----
from .models_reminders import *  # noqa: F403

LABELS: dict = {}

# ---- notices ----
# ---- news ----
from .audit_labels_news import LABELS as _NEWS  # noqa: E402

LABELS.update(_NEWS)
# ---- reminders ----

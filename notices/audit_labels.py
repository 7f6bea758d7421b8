LABELS: dict = {}

# ---- notices ----
# ---- news ----
# ---- reminders ----

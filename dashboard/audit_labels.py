LABELS: dict = {}

# ---- cockpit ----
# ---- warnings ----

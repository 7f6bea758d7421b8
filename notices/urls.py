app_name = "notices"

urlpatterns: list = []

# ---- notices ----
# ---- news ----
# ---- reminders ----

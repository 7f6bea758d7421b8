app_name = "dashboard"

urlpatterns: list = []

# ---- cockpit ----
# ---- warnings ----

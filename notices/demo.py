"""Demo data of the notices app: each part builds its own."""


def build(world):
    # ---- notices ----
    # ---- news ----
    # ---- reminders ----
    return None

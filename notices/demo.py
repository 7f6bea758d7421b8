"""Demo data of the notices app: each part builds its own."""


def build(world):
    # ---- notices ----
    # ---- news ----
    # ---- reminders ----
    from .demo_reminders import build as build_reminders

    build_reminders(world)
    return None

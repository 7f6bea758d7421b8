"""Demo data of the notices app: each part builds its own."""


def build(world):
    # ---- notices ----
    from . import demo_notices

    demo_notices.build(world)
    # ---- news ----
    # ---- reminders ----
    return None

"""Demo data of the notices app: each part builds its own."""


def build(world):
    # ---- notices ----
    from . import demo_notices

    demo_notices.build(world)
    # ---- news ----
    from .demo_news import build as build_news

    build_news(world)
    # ---- reminders ----
    from .demo_reminders import build as build_reminders

    build_reminders(world)
    return None

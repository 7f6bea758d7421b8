"""Demo data of the notices app: each part builds its own."""


def build(world):
    # ---- notices ----
    # ---- news ----
    from .demo_news import build as build_news

    build_news(world)
    # ---- reminders ----
    return None

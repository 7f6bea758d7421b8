"""Demo data of the 驾驶舱: each part builds its own."""


def build(world):
    # ---- cockpit ----
    # ---- warnings ----
    from .demo_warnings import build as build_warnings

    build_warnings(world)
    return None

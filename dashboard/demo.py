"""Demo data of the 驾驶舱: each part builds its own."""


def build(world):
    # ---- cockpit ----
    # ---- warnings ----
    return None

"""The search index of the demo world: rebuilt once every other module has made its data (some of it
bulk-created, which skips the signals that keep the index current)."""

from . import index


def build(world):
    index.rebuild()

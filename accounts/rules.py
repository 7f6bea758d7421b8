# Loaded by rules' autodiscovery; the predicates live in permissions.py.
from . import permissions  # noqa: F401

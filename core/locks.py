"""Serialise writers that check-then-insert under one key (a rate limit, a one-per-phone rule).

`hold(name)` inside a transaction makes every other transaction holding the same name wait for this one
to end: on PostgreSQL a transaction-level advisory lock keyed by a 64-bit hash of the name; on SQLite
nothing is needed, because every transaction begins IMMEDIATE (settings) and so holds the one write lock
from its first statement to its commit.
"""

import hashlib

from django.db import connection


def lock_id(name: str) -> int:
    """A stable signed 64-bit id for the name (the advisory lock's key space)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def hold(name: str) -> None:
    """Take the lock for the rest of the current transaction (call inside transaction.atomic)."""
    if not connection.in_atomic_block:
        raise RuntimeError("core.locks.hold() must be called inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id(name)])

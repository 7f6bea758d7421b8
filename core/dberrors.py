"""Database errors that are the client's or the moment's fault, not the server's: named once, answered
by the API exception handler (core.api) and the page middleware (core.middleware) alike."""

from django.db import DatabaseError

# A lost race: SQLite's write lock outlasted the busy timeout, or PostgreSQL gave up on a lock or a
# serializable transaction. The change was not made; trying again after reloading is the right answer.
LOST_RACE_MESSAGE = "其他人正在同时处理同一内容，本次操作未完成，请刷新后重试。"
OUT_OF_RANGE_MESSAGE = "输入的数字超出允许范围。"
BAD_UPLOAD_MESSAGE = "上传请求的格式有误（multipart/form-data 缺少 boundary 或内容不完整），请重新选择文件上传。"

# serialization_failure, deadlock_detected, lock_not_available
_RACE_SQLSTATES = {"40001", "40P01", "55P03"}
_RANGE_SQLSTATES = {"22003"}  # numeric_value_out_of_range


def _sqlstate(exc):
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)


def is_lost_race(exc):
    if not isinstance(exc, DatabaseError):
        return False
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text or _sqlstate(exc) in _RACE_SQLSTATES


def is_out_of_range(exc):
    """An integer too large for the database's 64-bit columns reached a query (SQLite raises OverflowError)."""
    if isinstance(exc, OverflowError):
        return True
    return isinstance(exc, DatabaseError) and _sqlstate(exc) in _RANGE_SQLSTATES

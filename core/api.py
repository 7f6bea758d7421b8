"""Shared API pieces: authentication, error format, pagination, bounded integer types, shared output schemas."""

from typing import Annotated, Generic, TypeVar

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import Field

from . import dberrors
from .errors import ActionError

# Every integer an API client sends is bounded before it reaches the database (a 64-bit overflow there
# would be a 500): ids up to 2^53 - 1 (what JavaScript clients represent exactly), pages, page sizes;
# other integers (years, days, counts) within ±10^6 so the forms behind them give their own messages.
MAX_ID = 2**53 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Page = Annotated[int, Field(ge=1, le=100_000)]
PageSize = Annotated[int, Field(ge=1, le=200)]
SmallInt = Annotated[int, Field(ge=-1_000_000, le=1_000_000)]

HTTP_MESSAGES = {
    400: "请求格式有误。",
    401: "未登录或登录已过期，请重新登录。",
    403: "您没有执行此操作的权限。",
    404: "未找到该对象，或您无权访问。",
    405: "不支持该请求方法。",
    409: "当前状态下不能执行此操作。",
    413: "上传内容过大。",
    422: "输入有误。",
}

# Schema validation messages, said of the field they are filed under (the detail names the field).
PYDANTIC_MESSAGES = {
    "missing": "必须填写。",
    "int_parsing": "应为整数。",
    "int_type": "应为整数。",
    "int_from_float": "应为整数，不能有小数。",
    "float_parsing": "应为数字。",
    "float_type": "应为数字。",
    "decimal_parsing": "应为数字。",
    "decimal_type": "应为数字。",
    "decimal_max_digits": "数字位数过多。",
    "decimal_max_places": "小数位数过多。",
    "decimal_whole_digits": "整数部分位数过多。",
    "bool_parsing": "应为 true 或 false。",
    "bool_type": "应为 true 或 false。",
    "string_type": "应为文本。",
    "list_type": "应为列表。",
    "dict_type": "应为对象。",
    "model_type": "应为对象。",
    "model_attributes_type": "应为对象。",
    "date_parsing": "应为真实存在的日期，格式如 2026-12-01。",
    "date_from_datetime_parsing": "应为真实存在的日期，格式如 2026-12-01。",
    "date_from_datetime_inexact": "应为日期，格式如 2026-12-01，不能带时间。",
    "date_type": "应为日期，格式如 2026-12-01。",
    "datetime_parsing": "应为 ISO 8601 格式的时间，如 2026-12-01T14:30:00+08:00。",
    "datetime_from_date_parsing": "应为 ISO 8601 格式的时间，如 2026-12-01T14:30:00+08:00。",
    "datetime_type": "应为 ISO 8601 格式的时间，如 2026-12-01T14:30:00+08:00。",
    "time_parsing": "应为时间，格式如 14:30。",
    "time_type": "应为时间，格式如 14:30。",
    "literal_error": "取值不在允许范围内。",
    "enum": "取值不在允许范围内。",
    "json_invalid": "不是有效的 JSON。",
    "too_long": "项目过多。",
    "extra_forbidden": "是不认识的字段。",
    "string_pattern_mismatch": "格式不对。",
    "none_required": "应为空。",
}


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class Message(Schema):
    detail: str


T = TypeVar("T")


class ListOut(Schema, Generic[T]):
    """Every list answer: `{"count": N, "items": [...]}` (the page's items; `count` counts all of them).

    Endpoints declare `response=ListOut[XOut]`; items may be model instances, XOut reads them."""

    count: int
    items: list[T]


class Ref(Schema):
    """A named object inside another one: `{"id": 3, "name": "区统计局机关党支部"}`."""

    id: int
    name: str


def _pydantic_message(err):
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "string_too_long":
        now = f"（现在有{len(value)}个）" if isinstance(value, str) else ""
        return f"不能超过{ctx.get('max_length')}个字{now}。"
    if kind == "string_too_short":
        return "不能为空。" if ctx.get("min_length") == 1 else f"至少要有{ctx.get('min_length')}个字。"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next((ctx[k] for k in ("ge", "gt", "le", "lt") if k in ctx), "")
        words = {"greater_than_equal": "不能小于", "greater_than": "应大于", "less_than_equal": "不能大于"}
        return f"{words.get(kind, '应小于')}{limit}。"
    if kind == "literal_error" and ctx.get("expected"):
        return f"取值应为 {ctx['expected']} 之一。"
    if kind == "value_error":
        msg = str(ctx.get("error") or err.get("msg", ""))
        return msg.removeprefix("Value error, ") or "取值无效。"
    return PYDANTIC_MESSAGES.get(kind, "取值无效。")


def _field_name(loc):
    parts = [str(p) for p in loc if p not in ("body", "payload", "query", "path", "data")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api):
    def json_error(request, status, detail, errors=None, code=None):
        body = {"detail": detail, "errors": errors or {}}
        if code:
            body["code"] = code
        return api.create_response(request, body, status=status)

    @api.exception_handler(ActionError)
    def action_error(request, exc):
        code = exc.code if exc.code not in ("invalid", "forbidden", "not_found", "conflict") else None
        return json_error(request, exc.status, exc.detail, exc.errors, code)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        errors = {}
        for err in exc.errors:
            errors.setdefault(_field_name(err.get("loc", ())), []).append(_pydantic_message(err))
        if "__all__" in errors and any(e.get("type") == "json_invalid" for e in exc.errors):
            return json_error(request, 400, "请求体不是有效的 JSON。", errors)
        field, msgs = next(iter(errors.items()), ("__all__", ["输入有误。"]))
        where = "" if field == "__all__" else f"字段“{field}”"
        return json_error(request, 422, f"输入有误：{where}{msgs[0]}", errors)

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return json_error(request, 401, HTTP_MESSAGES[401])

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        detail = HTTP_MESSAGES.get(exc.status_code, "请求有误。")
        if exc.status_code == 400 and "parse request body" in str(exc.message):
            detail = "请求体不是有效的 JSON。"
        return json_error(request, exc.status_code, detail)

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc):
        return json_error(request, 400, dberrors.BAD_UPLOAD_MESSAGE)

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        if dberrors.is_lost_race(exc):
            return json_error(request, 409, dberrors.LOST_RACE_MESSAGE, code="busy")
        if dberrors.is_out_of_range(exc):
            return json_error(request, 422, f"输入有误：{dberrors.OUT_OF_RANGE_MESSAGE}")
        if settings.DEBUG and getattr(settings, "API_RAISE", False):
            raise exc
        import logging

        logging.getLogger("dangjian.api").exception("unexpected API error")
        return json_error(request, 500, "服务器内部错误，请稍后再试。")


class BearerAuth(HttpBearer):
    def authenticate(self, request, token):
        from accounts.models import ApiToken

        if len(token) > 200:
            return None
        user = ApiToken.user_for(token)
        if user is None or user.must_change_password:
            return None
        request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """Browser session (with CSRF), refused while the initial password is unchanged."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user and (not user.is_active or user.must_change_password):
            return None
        return user


AUTH = [BearerAuth(), ActiveSessionAuth()]


def paginate(qs, page, page_size, serialize, max_page_size=200):
    page = max(1, int(page or 1))
    page_size = min(max(1, int(page_size or 50)), max_page_size)
    count = qs.count()
    start = (page - 1) * page_size
    return {"count": count, "items": [serialize(o) for o in qs[start : start + page_size]]}


def form_data(payload, exclude_unset=True):
    """A ninja schema as a form data dict (dates as ISO strings, models as ids)."""
    data = payload.dict(exclude_unset=exclude_unset)
    out = {}
    for k, v in data.items():
        if v is None:
            out[k] = ""
        elif hasattr(v, "isoformat"):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out

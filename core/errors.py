"""Errors raised by actions; views and the API turn them into Chinese messages and status codes."""


class ActionError(Exception):
    """An action refused to run; nothing was changed."""

    status = 400
    code = "invalid"

    def __init__(self, detail, errors=None, code=None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors or {}
        if code:
            self.code = code


class Invalid(ActionError):
    """Input failed validation (field errors in `errors`)."""

    status = 422
    code = "invalid"


class Forbidden(ActionError):
    """The caller may see the object but may not do this to it."""

    status = 403
    code = "forbidden"


class NotFound(ActionError):
    """Missing or outside the caller's scope: the two look the same on purpose."""

    status = 404
    code = "not_found"

    def __init__(self, detail="未找到该对象，或您无权访问。", errors=None, code=None):
        super().__init__(detail, errors, code)


class Conflict(ActionError):
    """The transition is not allowed from the object's current state."""

    status = 409
    code = "conflict"


def errors_from_django(exc):
    """Turn a django ValidationError into (detail, {field: [messages]})."""
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
        first = next(iter(errors.values()), ["输入有误"])[0]
        return f"输入有误：{first}", errors
    messages = [str(m) for m in exc.messages]
    return (messages[0] if messages else "输入有误"), {"__all__": messages}


class Unauthenticated(ActionError):
    """Credentials missing or wrong."""

    status = 401
    code = "unauthenticated"

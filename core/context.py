"""Per-request context (client IP) that audit events read without threading it through every call."""

import contextvars

current_ip = contextvars.ContextVar("current_ip", default=None)


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)

from .errors import Forbidden, NotFound


class ActionErrorMiddleware:
    """Pages: an action's NotFound renders the 404 page and Forbidden the 403 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from . import views

        if isinstance(exception, NotFound):
            return views.not_found(request)
        if isinstance(exception, Forbidden):
            from django.shortcuts import render

            return render(request, "core/error.html", {"code": 403, "message": exception.detail}, status=403)
        return None

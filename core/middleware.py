from . import dberrors
from .errors import Forbidden, NotFound


class ActionErrorMiddleware:
    """Pages: an action's NotFound renders the 404 page and Forbidden the 403 page; a lost database race
    renders 409 and a number too large for the database 400, each with a Chinese message, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from . import views

        if isinstance(exception, NotFound):
            return views.not_found(request)
        if isinstance(exception, Forbidden):
            return render(request, "core/error.html", {"code": 403, "message": exception.detail}, status=403)
        if dberrors.is_lost_race(exception):
            return render(
                request,
                "core/error.html",
                {"code": 409, "message": dberrors.LOST_RACE_MESSAGE, "back": _same_site_referer(request)},
                status=409,
            )
        if dberrors.is_out_of_range(exception):
            return render(
                request, "core/error.html", {"code": 400, "message": dberrors.OUT_OF_RANGE_MESSAGE}, status=400
            )
        return None


def _same_site_referer(request):
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return ""

"""The benchmark server's URLconf and query counter (see bench/pages_settings.py)."""

from django.contrib.auth.decorators import login_required
from django.db import connections
from django.shortcuts import render
from django.urls import path

from dangjian.urls import handler400, handler403, handler404, handler500  # noqa: F401
from dangjian.urls import urlpatterns as production_urlpatterns


@login_required
def floor(request):
    """The floor: the base template (navigation, to-do badges, user menu) and nothing of a page's own."""
    return render(request, "base.html", {})


urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *production_urlpatterns]


class QueryCount:
    """Counts the queries of one request on every database and answers them as X-Query-Count."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = [0]

        def counter(execute, sql, params, many, context):
            count[0] += 1
            return execute(sql, params, many, context)

        wrappers = [c.execute_wrapper(counter) for c in connections.all()]
        for w in wrappers:
            w.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for w in reversed(wrappers):
                w.__exit__(None, None, None)
        response["X-Query-Count"] = str(count[0])
        return response

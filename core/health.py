"""The load balancer's health check: `GET /healthz` answers 200 when this process can reach the database and the
shared cache, 503 when it cannot.

It is a middleware placed first, not a page: a load balancer probes each server by its address, so the request
carries no host in ALLOWED_HOSTS, no session and no login, and it must not be redirected to HTTPS or to the login
page. The answer names the checks and their outcome only ("ok" or "error"): no version, no host name, no error
text and no personal data. The errors themselves go to the log.
"""

import logging
import secrets
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

PATH = "/healthz"
log = logging.getLogger("dangjian.health")


def check_database():
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
        cur.fetchone()


def check_cache():
    """A write and a read of the cache every process shares (database table or Redis)."""
    probe = secrets.token_hex(8)
    cache.set("dangjian:healthz", probe, 30)
    if cache.get("dangjian:healthz") != probe:
        raise RuntimeError("the cache did not return what was written")


CHECKS = {"database": check_database, "cache": check_cache}


def health():
    """(status code, body) of the health check."""
    results, started = {}, time.monotonic()
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = "ok"
        except Exception:
            log.exception("health check %s failed", name)
            results[name] = "error"
    ok = all(v == "ok" for v in results.values())
    body = {"status": "ok" if ok else "error", "checks": results, "ms": round((time.monotonic() - started) * 1000)}
    return (200 if ok else 503), body


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            refused = JsonResponse({"status": "error", "detail": "仅支持 GET / HEAD"}, status=405)
            refused["Allow"] = "GET, HEAD"
            return refused
        status, body = health()
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response

"""Idempotency keys: a double-submitted form or a retried API create runs its action once.

Pages: every create form renders `{% idempotency_field %}` next to `{% csrf_token %}` — a hidden
`idempotency_key`, a fresh random token each time the form page is rendered. API: a client may send an
`Idempotency-Key` header with any `POST /api/v1/…` (creates above all; the `auth/` endpoints excepted, their
answers carry tokens that must not be stored).

One middleware (`IdempotencyMiddleware`, after CSRF and authentication) handles both, so a view or an
endpoint needs no decorator of its own:

- The first request with a key claims it: a row `core.IdempotencyKey` (user, key) inserted and committed in
  its own transaction, before the view runs. The unique constraint decides a race: the loser's insert fails,
  it waits a few seconds for the winner to finish and then answers the winner's result (409 if it is still
  running).
- A successful result is stored: a page's redirect location, an API call's 2xx status and JSON body. Any
  other outcome (a refused form shown again or redirected back with an error message, a 4xx, an error)
  releases the key, so the corrected form can be
  sent again with the same key — nothing was saved.
- A repeat answers the stored result without running the view: pages redirect to the first result with
  "该表单已提交过，未重复保存。"; the API answers the first status and body with `Idempotent-Replayed: true`.
  The same key for another request (another path, or on the API another body) answers 422.
- Keys are per user (another user's key is independent) and kept 24 hours; older rows are purged on each
  claim (and by `manage.py purge_idempotency_keys`).

A request without a key works as before (old clients, tests, forms without the tag).
"""

import hashlib
import json
import re
import secrets
import time
from datetime import timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone

FORM_FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
API_PREFIX = "/api/v1/"
API_EXCLUDED = ("/api/v1/auth/",)
KEY_RE = re.compile(r"^[A-Za-z0-9_\-.:]{8,100}$")
TTL = timedelta(hours=24)
WAIT_SECONDS = 10.0
STALE_PENDING = timedelta(minutes=5)  # a claim left by a crashed worker is given up after this

REPLAYED_MESSAGE = "该表单已提交过，未重复保存。"
OTHER_REQUEST_MESSAGE = "Idempotency-Key 已用于另一请求"
FORM_OTHER_REQUEST_MESSAGE = "该表单令牌已用于另一请求，请重新打开表单后再提交。"
BAD_KEY_MESSAGE = "Idempotency-Key 格式无效：应为 8–100 位字母、数字或 - _ . :。"
IN_PROGRESS_MESSAGE = "同一请求正在处理中，请稍后刷新查看结果，勿重复提交。"


def new_key():
    return secrets.token_urlsafe(24)


def purge_expired(now=None):
    from .models import IdempotencyKey

    cutoff = (now or timezone.now()) - TTL
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]


def _digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode())
        h.update(b"\x00")
    return h.hexdigest()


def _api_fingerprint(request):
    """The request as the client meant it: JSON canonicalised, a multipart form by its fields and file
    contents (the boundary differs between two sends of the same form). None if the body cannot be read."""
    content_type = request.content_type or ""
    try:
        if content_type.startswith("multipart/form-data"):
            parts = [f"{k}={v}" for k, values in sorted(request.POST.lists()) for v in values]
            for name, files in sorted(request.FILES.lists()):
                for f in files:
                    h = hashlib.sha256()
                    for chunk in f.chunks():
                        h.update(chunk)
                    f.seek(0)
                    parts.append(f"{name}:{f.name}:{f.size}:{h.hexdigest()}")
            body = "\n".join(parts)
        else:
            raw = request.body
            try:
                body = json.dumps(json.loads(raw or b"null"), sort_keys=True, ensure_ascii=False)
            except ValueError:
                body = raw
    except Exception:  # a malformed body: the endpoint itself answers it (400/422), unguarded
        return None
    return _digest(request.method, request.path, content_type.split(";")[0], body)


def _api_user(request):
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() == "bearer":
        raw = raw.strip()
        if not raw or len(raw) > 200:
            return None
        from accounts.models import ApiToken

        return ApiToken.user_for(raw)
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _claim(user, key, method, path, fingerprint):
    """(row, None) when this request claimed the key; (None, existing row) when another request holds it."""
    from .models import IdempotencyKey

    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            with transaction.atomic():
                purge_expired()
                row = IdempotencyKey.objects.create(
                    user=user, key=key, method=method, path=path[:500], fingerprint=fingerprint
                )
            return row, None
        except IntegrityError:
            pass
        # Another request holds the key: wait until it is done (or released, then claim it ourselves).
        while True:
            existing = IdempotencyKey.objects.filter(user=user, key=key).first()
            if existing is None:
                break
            if existing.state == IdempotencyKey.PENDING and existing.created_at < timezone.now() - STALE_PENDING:
                IdempotencyKey.objects.filter(pk=existing.pk, state=IdempotencyKey.PENDING).delete()
                break
            if existing.state == IdempotencyKey.DONE or existing.fingerprint != fingerprint:
                return None, existing
            if time.monotonic() > deadline:
                return None, existing
            time.sleep(0.05)
        if time.monotonic() > deadline:
            return None, None


def _refused(request):
    """A page that refuses a form by redirecting back with an error message (e.g. 任职 on the organisation
    page) saved nothing: its key stays free for the corrected form."""
    storage = getattr(request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return any(m.level >= messages.ERROR for m in queued)


def _json(status, detail, code):
    return JsonResponse({"detail": detail, "code": code}, status=status, json_dumps_params={"ensure_ascii": False})


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = None
        try:
            response = self.get_response(request)
        finally:
            row = getattr(request, "_idempotency_row", None)
            if row is not None:
                self._finish(request, row, response, api=request.path.startswith(API_PREFIX))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        api = request.path.startswith(API_PREFIX)
        if api:
            if request.path.startswith(API_EXCLUDED):
                return None
            key = request.headers.get(HEADER)
            if key is None:
                return None
            if not KEY_RE.match(key):
                return _json(422, BAD_KEY_MESSAGE, "idempotency_key_invalid")
            user = _api_user(request)
            if user is None:
                return None  # the endpoint answers 401
            fingerprint = _api_fingerprint(request)
            if fingerprint is None:
                return None
        else:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                return None
            key = request.POST.get(FORM_FIELD, "")
            if not KEY_RE.match(key):
                return None  # no key (an old client) or a mangled one: the form works as it always did
            # A page's key belongs to one rendering of one form: the path is what must match.
            fingerprint = _digest(request.method, request.path)

        row, existing = _claim(user, key, request.method, request.path, fingerprint)
        if row is not None:
            request._idempotency_row = row
            return None
        return self._answer_existing(request, existing, fingerprint, api)

    def _answer_existing(self, request, existing, fingerprint, api):
        from .models import IdempotencyKey

        if existing is not None and existing.fingerprint != fingerprint:
            if api:
                return _json(422, OTHER_REQUEST_MESSAGE, "idempotency_key_reused")
            return render(request, "core/error.html", {"code": 422, "message": FORM_OTHER_REQUEST_MESSAGE}, status=422)
        if existing is None or existing.state != IdempotencyKey.DONE:
            if api:
                return _json(409, IN_PROGRESS_MESSAGE, "idempotency_in_progress")
            return render(request, "core/error.html", {"code": 409, "message": IN_PROGRESS_MESSAGE}, status=409)
        if api:
            response = HttpResponse(existing.body, status=existing.status, content_type=existing.content_type)
        else:
            messages.info(request, REPLAYED_MESSAGE)
            response = HttpResponseRedirect(existing.location)
            response.status_code = existing.status or 302
        response[REPLAYED_HEADER] = "true"
        return response

    def _finish(self, request, row, response, api):
        from .models import IdempotencyKey

        rows = IdempotencyKey.objects.filter(pk=row.pk)
        status = getattr(response, "status_code", 500)
        streaming = getattr(response, "streaming", False)
        if api and 200 <= status < 300 and not streaming:
            rows.update(
                state=IdempotencyKey.DONE,
                status=status,
                content_type=response.get("Content-Type", "application/json")[:100],
                body=response.content.decode("utf-8", errors="replace"),
            )
        elif not api and status in (301, 302, 303) and response.get("Location") and not _refused(request):
            rows.update(state=IdempotencyKey.DONE, status=status, location=response["Location"][:1000])
        else:
            rows.delete()  # nothing was saved: the same key may be sent again

"""Content-Security-Policy with a per-request nonce: only our own files and our own inline scripts run.

Templates mark their inline scripts `<script nonce="{{ request.csp_nonce }}">`; an injected script has
no nonce and is refused by the browser even if escaping were ever missed.
"""

import secrets

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and not request.path.startswith("/api/v1/docs"):
            response.setdefault("Content-Security-Policy", POLICY.format(nonce=request.csp_nonce))
        return response

"""The REST API (v1): one NinjaAPI; each app contributes a Router."""

import importlib
import importlib.util

from django.conf import settings
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from core.api import install_error_handlers


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="党建工作管理平台 API",
    version="1",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("", "accounts.api.router")
api.add_router("", "orgs.api.router")
api.add_router("", "core.api_audit.router")
api.add_router("", "core.api_trash.router")
api.add_router("", "core.api_imports.router")
# Domain apps that have landed add their routers the same way (records, search, plans, points …).
for app in ("records", "search", "plans", "points"):
    if app in settings.INSTALLED_APPS and importlib.util.find_spec(f"{app}.api"):
        module = importlib.import_module(f"{app}.api")
        api.add_router("", module.router)

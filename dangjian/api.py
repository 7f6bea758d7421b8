"""The REST API (v1): one NinjaAPI; each app contributes a Router."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from core.api import install_error_handlers
from core.modules import modules


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

api.add_router("", "core.api_audit.router")
api.add_router("", "core.api_trash.router")
api.add_router("", "core.api_imports.router")
# Every installed module adds its Router (accounts and orgs, then the domain modules in DOMAIN_APPS order).
for module in modules():
    if module.api:
        api.add_router("", module.api)

import re


def test_openapi_document_and_docs_are_served(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in [
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/accounts/users",
        "/api/v1/orgs",
        "/api/v1/people",
        "/api/v1/orgs/{org_id}/positions",
        "/api/v1/audit/events",
    ]:
        assert path in paths, path
    assert client.get("/api/v1/docs").status_code == 200


def test_unauthenticated_api_call_is_401_in_chinese(db, client):
    r = client.get("/api/v1/people")
    assert r.status_code == 401
    assert r.json()["detail"].startswith("未登录")


def test_unknown_page_is_a_chinese_404(db, client):
    r = client.get("/no-such-page/")
    assert r.status_code == 404


def test_wrong_types_in_query_are_422_not_500(world, branch_secretary, api):
    r = api(branch_secretary).get("people", {"org": "abc"})
    assert r.status_code == 422
    assert r.json()["errors"]
    r = api(branch_secretary).get("people", {"page": "-5"})
    assert r.status_code == 422 and r.json()["detail"] == "输入有误：字段“page”不能小于1。"


def test_multipart_without_a_boundary_is_400_on_every_upload_endpoint(world, committee_admin, api):
    client = api(committee_admin)
    doc = client.get("openapi.json").json()
    uploads = [
        (path, method)
        for path, ops in doc["paths"].items()
        for method, op in ops.items()
        if "multipart/form-data" in op.get("requestBody", {}).get("content", {})
    ]
    assert len(uploads) >= 4
    for path, method in uploads:
        url = re.sub(r"\{[^}]+\}", "1", path)
        for content_type in ("multipart/form-data", "multipart/form-data; boundary="):
            r = getattr(client.client, method)(
                url, data=b"--x\r\n", content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {client.token}"
            )
            assert r.status_code == 400, (url, content_type, r.status_code)
            assert "boundary" in r.json()["detail"] and "上传" in r.json()["detail"]


def test_a_refused_csrf_token_is_explained_in_chinese(world, branch_secretary):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(branch_secretary)
    r = c.post("/plans/new/", {"title": "x"})
    assert r.status_code == 403 and "页面已过期" in r.content.decode() and "CSRF" not in r.content.decode()


def test_every_api_schema_has_a_name_of_its_own():
    """django-ninja files each schema in the OpenAPI document under its class name: two routers' `SurveyIn`
    silently become one, and a client generated from the document then sends one module's fields to the other's
    endpoint. Two schemas of one name must be the same shape (a shared `AnswerIn {answer}` is harmless)."""
    from django.conf import settings
    from ninja import Schema

    import dangjian.api  # noqa: F401  (imports every module's router)

    ours = {cfg.split(".")[0] for cfg in settings.INSTALLED_APPS}
    seen, clashes, stack = {}, [], list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        module = cls.__module__
        if module.split(".")[0] not in ours or ".tests" in module or module.startswith("ninja"):
            continue
        shape = cls.model_json_schema()
        other = seen.setdefault(cls.__name__, (module, shape))
        if other[0] != module and other[1] != shape:
            clashes.append((cls.__name__, other[0], module))
    assert not clashes, clashes

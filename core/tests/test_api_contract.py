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
    assert r.status_code == 422 and r.json()["detail"] == "输入有误：page 数值过小。"

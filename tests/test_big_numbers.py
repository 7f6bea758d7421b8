"""Integers past what the database holds (≥ 2^63) in ids, pages and id lists answer 422 (API) or 404/400
(pages), never a 500 — for every operation in the OpenAPI document and every page route."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

HUGE = [2**63, 2**64, 10**30]


def _operations(client):
    doc = client.get("/api/v1/openapi.json").json()
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, op, doc


def _is_integer(schema):
    return schema.get("type") == "integer" or any(s.get("type") == "integer" for s in schema.get("anyOf", []))


def _is_integer_list(schema, doc):
    options = [schema, *schema.get("anyOf", [])]
    return any(s.get("type") == "array" and _is_integer(_resolve(s.get("items", {}), doc)) for s in options)


def _resolve(schema, doc):
    if "$ref" in schema:
        return doc["components"]["schemas"][schema["$ref"].split("/")[-1]]
    return schema


def _body_schema(op, doc):
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    return _resolve(content.get("schema", {}), doc)


@pytest.mark.parametrize("persona", ["committee_admin", "branch_secretary"])
def test_huge_integers_in_paths_queries_and_bodies_are_422(world, api, persona):
    client = api(world.users[persona])
    failures, checked = [], 0
    for path, method, op, doc in _operations(client.client):
        if path.endswith(("/auth/token", "/auth/password")):
            continue
        params = op.get("parameters", [])
        path_params = [p["name"] for p in params if p["in"] == "path" and _is_integer(p.get("schema", {}))]
        query_ints = [p["name"] for p in params if p["in"] == "query" and _is_integer(p.get("schema", {}))]
        body = _body_schema(op, doc)
        body_ints = [k for k, s in body.get("properties", {}).items() if _is_integer(s) or _is_integer_list(s, doc)]
        for huge in HUGE:
            for name in path_params:  # integer path parameters are ids (a kind or code is a string)
                url = re.sub(
                    r"\{[^}]+\}", lambda m, n=name, h=huge: str(h) if m.group(0) == "{" + n + "}" else "1", path
                )
                r = client.call(method, url, raw="{}" if method in ("post", "put", "patch") else None)
                checked += 1
                if r.status_code != 422:
                    failures.append((method, url, r.status_code))
            base = re.sub(r"\{[^}]+\}", "1", path)
            for name in query_ints:
                r = client.call(
                    method, f"{base}?{name}={huge}", raw="{}" if method in ("post", "put", "patch") else None
                )
                checked += 1
                if r.status_code != 422:
                    failures.append((method, base, name, r.status_code))
            for name in body_ints:
                schema = body["properties"][name]
                value = [huge] if _is_integer_list(schema, doc) else huge
                r = client.call(method, base, raw=json.dumps({name: value}))
                checked += 1
                named = any(k == name or k.startswith(f"{name}.") for k in r.json().get("errors", {}))
                if r.status_code >= 500 or (r.status_code == 422 and not named):
                    failures.append((method, base, name, r.status_code, r.content[:120]))
    assert checked > 300
    assert not failures, failures[:10]


def _page_routes(resolver=None, prefix=""):
    """Every page route, as a path with its parameters left as <int:name> etc."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if not route.startswith("api/"):
                yield from _page_routes(p, route)
        elif isinstance(p, URLPattern):
            yield "/" + route


def test_huge_ids_in_page_urls_are_404_and_huge_query_numbers_are_harmless(world, committee_admin):
    client = Client()
    client.force_login(committee_admin)
    failures = []
    routes = [r for r in _page_routes() if "<int:" in r]
    assert len(routes) > 30
    for route in routes:
        url = re.sub(r"<int:\w+>", str(2**64), route)
        for method in ("get", "post"):
            r = getattr(client, method)(url)
            if r.status_code not in (403, 404, 405):  # a page refused by role before any lookup is fine
                failures.append((method, url, r.status_code))
    numbers = {n: 2**64 for n in ("page", "org", "year", "month", "scheme", "level", "person", "parent", "until")}
    plain = [r for r in _page_routes() if "<" not in r and "logout" not in r]
    assert len(plain) > 15
    for url in plain:
        r = client.get(url, numbers)
        if r.status_code >= 500:
            failures.append(("get", url, r.status_code))
    assert not failures, failures


def test_huge_ids_in_page_forms_are_refused_with_a_message(world, branch_secretary):
    from plans.tests.factories import make_plan

    client = Client()
    client.force_login(branch_secretary)
    r = client.post(
        "/records/new/",
        {
            "op": "save",
            "org": world.branch_a.id,
            "type": "theme_day",
            "title": "主题党日",
            "date": "2026-05-12",
            "host": str(2**64),
        },
    )
    assert r.status_code == 200 and "所选人员不属于该党组织" in r.content.decode()
    plan = make_plan(branch_secretary, world.branch_a)
    r = client.post(
        f"/plans/{plan.pk}/items/new/",
        {"category": "宣传报道", "title": "信息报送", "month": "6", "owners": [str(2**64)]},
    )
    assert r.status_code in (200, 400)
    # PostgreSQL looks the number up and finds nobody; SQLite cannot bind it and the middleware says so.
    assert "超出允许范围" in r.content.decode() or "责任人须是本组织的在册人员" in r.content.decode()
    assert not plan.items.exists()
    r = client.post("/points/reviews/batch/", {"ids": [str(2**64)], "level": "1"})
    assert r.status_code < 500

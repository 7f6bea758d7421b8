"""Every page a demo user can reach by clicking answers without a server error.

Loads the demo world, then, for each kind of account, follows the links on the pages it can open
(breadth first, bounded) and checks that none answers 5xx — a net under the per-app page tests. On the same
world, every account's to-do badge of every module counts exactly what its inbox lists.
"""

import re
from collections import Counter, deque
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

PERSONAS = ["committee", "secretary1", "member1", "reviewer_l2", "sysadmin", "secadmin", "auditor"]
MAX_PAGES = 80  # per account; on the demo world the seven accounts open about 370 pages of about 170 routes
PER_ROUTE = 2  # pages of one route (and set of query parameters) opened per account: /records/7/ and /records/8/
# are the same view; the budget goes to views not yet seen
HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/accounts/logout/", "/api/v1/docs")


def _route(href):
    """The view a link opens and the names of its query parameters (one key for /records/7/ and /records/8/)."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(href)
    try:
        name = resolve(parts.path).route
    except Resolver404:
        name = parts.path
    return name, tuple(sorted(parse_qs(parts.query)))


@pytest.mark.django_db
def test_no_page_reachable_by_a_demo_user_is_a_server_error():
    call_command("loaddemo", password="Crawl-Pass-2026", stdout=open("/dev/null", "w"))
    failures, visited_total, routes_total = [], 0, set()
    for username in PERSONAS:
        client = Client()
        r = client.post("/accounts/login/", {"username": username, "password": "Crawl-Pass-2026"})
        assert r.status_code == 302, username
        assert r["Location"] == "/", (username, r["Location"])
        queue, seen, visited, per_route = deque(["/"]), {"/"}, 0, Counter()
        while queue and visited < MAX_PAGES:
            url = queue.popleft()
            r = client.get(url)
            visited += 1
            if r.status_code >= 500:
                failures.append((username, url, r.status_code))
                continue
            if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
                continue
            for href in HREF.findall(r.content.decode()):
                href = href.replace("&amp;", "&")
                if href.startswith(SKIP) or href in seen:
                    continue
                seen.add(href)
                route = _route(href)
                per_route[route] += 1
                if per_route[route] <= PER_ROUTE:
                    queue.append(href)
        visited_total += visited
        routes_total.update(r for r in per_route)
    print(f"crawl: {visited_total} pages of {len(routes_total)} routes")
    assert visited_total > 300
    assert not failures, failures
    assert_badges_count_the_inbox()


def assert_badges_count_the_inbox():
    from accounts.models import User
    from core import todos
    from core.dates import today

    when, wrong, nonzero = today(), [], 0
    for user in User.objects.filter(is_active=True).order_by("username"):
        for provider in todos.PROVIDERS:
            if provider.count is None:
                continue
            listed = sum(i.count for i in provider.items(user, when))
            counted = provider.count(user, when)
            nonzero += bool(counted)
            if counted != listed:
                wrong.append((user.username, provider.group, counted, listed))
    assert not wrong, wrong
    assert nonzero > 10  # the demo gives many accounts something to do

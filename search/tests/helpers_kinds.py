"""Asking the search as a reader would, through the API and the page (shared by the modules' search tests)."""

from django.test import Client


def found(api, user, q, **params):
    r = api(user).get("search", {"q": q, **params})
    assert r.status_code == 200, r.content
    return r.json()


def kinds_of(body):
    return [i["kind"] for i in body["items"]]


def page(user, q):
    client = Client()
    client.force_login(user)
    r = client.get("/search/", {"q": q})
    assert r.status_code == 200
    return r.content.decode()


def result_list(html):
    return html.split('data-testid="search-results"')[1]


def badge(label):
    return f'<span class="badge bg-blue-lt">{label}</span>'

"""党建网 and the news pages: the public page shows published items only, without personal data; anonymous
access cannot reach drafts or their photos; the logged-in news page is scoped."""

import pytest
from django.test import Client
from django.urls import reverse

from notices.models import NewsPhoto

from .news_helpers import in_state, png, published

pytestmark = pytest.mark.django_db


def test_public_page_shows_published_items_only(world):
    states = {s: in_state(world, s) for s in ("draft", "submitted", "returned", "published", "withdrawn")}
    html = Client().get(reverse("notices:portal")).content.decode()
    assert states["published"].title in html
    for s in ("draft", "submitted", "returned", "withdrawn"):
        assert states[s].title not in html
    sub = Client().get(reverse("notices:portal_org", args=[world.branch_b.pk])).content.decode()
    assert states["published"].title not in sub  # another subtree


def test_public_page_carries_no_personal_data(world):
    member, secretary = world.people["member"], world.people["secretary"]
    item = published(
        world,
        title=f"{member.name}讲党课",
        body=f"支部书记{secretary.name}主持，党员{member.name}讲党课。",
        photos=[png()],
    )
    for url in (reverse("notices:portal"), reverse("notices:portal_detail", args=[item.pk])):
        html = Client().get(url).content.decode()
        assert member.name not in html and secretary.name not in html
        assert world.users["branch_secretary"].display_name not in html
        assert world.users["committee_admin"].display_name not in html
        assert "李某讲党课" in html and world.branch_a.name in html
    # The logged-in page keeps the text as written.
    c = Client()
    c.force_login(world.users["branch_member"])
    assert member.name in c.get(reverse("notices:news_detail", args=[item.pk])).content.decode()


@pytest.mark.parametrize("state", ["draft", "submitted", "returned", "withdrawn"])
def test_anonymous_cannot_reach_unpublished_items_or_their_photos(world, state):
    item = in_state(world, state)
    photo = item.photos.get()
    c = Client()
    assert c.get(reverse("notices:portal_detail", args=[item.pk])).status_code == 404
    assert c.get(reverse("notices:portal_photo", args=[photo.pk])).status_code == 404
    r = c.get(reverse("notices:news_photo", args=[photo.pk]))
    assert r.status_code == 302 and "/login/" in r["Location"]  # the scoped route asks for a login


def test_published_photos_are_served_publicly_until_withdrawn(world, committee_admin):
    from notices import actions_news as actions

    item = in_state(world, "published")
    photo = item.photos.get()
    r = Client().get(reverse("notices:portal_photo", args=[photo.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
    actions.run(item, "withdraw", by=committee_admin, data={"reason": "撤下"})
    assert Client().get(reverse("notices:portal_photo", args=[photo.pk])).status_code == 404


def test_bad_ids_on_the_portal_are_404(world):
    c = Client()
    assert c.get("/dangjianwang/news/99999999999999999999999/").status_code == 404
    assert c.get("/dangjianwang/org/99999999999999999999999/").status_code == 404
    assert c.get("/dangjianwang/photos/0/").status_code == 404
    assert c.get("/dangjianwang/?page=abc").status_code == 200


def test_another_branch_draft_and_its_photo_answer_404(world, outsider):
    item = in_state(world, "draft")
    c = Client()
    c.force_login(outsider)
    assert c.get(reverse("notices:news_detail", args=[item.pk])).status_code == 404
    assert c.get(reverse("notices:news_photo", args=[item.photos.get().pk])).status_code == 404
    assert c.get(reverse("notices:news_edit", args=[item.pk])).status_code == 404


def test_news_page_lists_the_subtree_newest_first(world, django_assert_max_num_queries):
    from .news_helpers import yesterday

    old = published(world, title="昨天的动态", day=yesterday(), photos=[png()])
    new = published(world, title="今天的动态", photos=[png(), png()])
    c = Client()
    c.force_login(world.users["branch_member"])
    with django_assert_max_num_queries(25):
        html = c.get(reverse("notices:news_list")).content.decode()
    assert html.index(new.title) < html.index(old.title)
    c.force_login(world.users["outsider"])
    assert new.title not in c.get(reverse("notices:news_list")).content.decode()


def test_portal_query_count_does_not_grow(world, django_assert_max_num_queries):
    for i in range(6):
        published(world, title=f"动态{i}", photos=[png()])
    with django_assert_max_num_queries(6):
        Client().get(reverse("notices:portal"))


def test_edit_page_posted_back_unchanged_changes_nothing(world, branch_secretary):
    from notices import actions_news as actions

    item = in_state(world, "returned")
    c = Client()
    c.force_login(branch_secretary)
    data = actions.form_data(item)
    r = c.post(reverse("notices:news_edit", args=[item.pk]), {k: v or "" for k, v in data.items()})
    assert r.status_code == 302
    fresh = type(item).objects.get(pk=item.pk)
    assert (fresh.title, fresh.body, fresh.date, fresh.updated_at) == (
        item.title,
        item.body,
        item.date,
        item.updated_at,
    )
    assert NewsPhoto.objects.filter(item=item).count() == 1


def test_a_refused_edit_keeps_the_form_filled(world, branch_secretary):
    item = in_state(world, "draft")
    c = Client()
    c.force_login(branch_secretary)
    r = c.post(
        reverse("notices:news_edit", args=[item.pk]),
        {"org": world.branch_a.pk, "title": "新标题", "date": "2026-02-30", "body": "新的正文"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and "新标题" in html and "新的正文" in html and "日期格式不对" in html


def test_reviewer_gets_a_todo_and_the_branch_one_for_a_returned_item(world, committee_admin, branch_secretary):
    from core import todos

    item = in_state(world, "submitted")
    kinds = {e.item.kind for e in todos.inbox(committee_admin).entries}
    assert "notices.news_review" in kinds
    assert todos.counts(committee_admin)["notices"] == 1
    assert todos.counts(branch_secretary)["notices"] == 0
    from notices import actions_news as actions

    actions.run(item, "return", by=committee_admin, data={"reason": "补充"})
    assert todos.counts(branch_secretary)["notices"] == 1
    assert todos.counts(committee_admin)["notices"] == 0


def test_published_items_are_searchable_drafts_are_not(world):
    from search.models import SearchEntry

    draft = in_state(world, "draft")
    pub = in_state(world, "published")
    ids = set(SearchEntry.objects.filter(kind="news").values_list("object_id", flat=True))
    assert pub.pk in ids and draft.pk not in ids

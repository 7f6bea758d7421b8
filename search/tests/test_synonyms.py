"""Abbreviations as synonyms: 经普 finds what only says 经济普查 and the reverse; a committee keeps its own
entries, which work for its tree only; the writes refuse who may not and what is malformed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.testing import make_person, make_user
from records.tests.factories import make_record
from search import engine, synonyms
from search.models import Synonym
from search.query import parse

from .corpus import QUERIES


@pytest.fixture
def census(world):
    """Two records of branch A: one writes the full form only, the other the abbreviation only."""
    return {
        "full": make_record(
            world.branch_a,
            "第五次全国经济普查入户登记动员会",
            "2026-03-12",
            "study",
            "部署经济普查入户登记工作，要求党员带头完成清查。",
        ),
        "short": make_record(
            world.branch_a, "经普办数据质量例会", "2026-04-08", "study", "研究经普数据质量核查，党员先锋岗带头复核。"
        ),
    }


@pytest.fixture
def other(world):
    """Another committee beside the world's 工委, with a branch, its 党务管理员 and a member."""
    from orgs.models import Organisation

    root = Organisation.add_root(name="测试区卫健委党委", kind="committee", unit="测试区卫健委")
    branch = root.add_child(name="卫健委第一党支部", kind="branch", unit="测试区卫健委")
    root.refresh_from_db()
    member = make_person(branch, "孙丽", gender="female", seq=21)
    staff = make_person(root, "赵刚", seq=22)
    return {
        "committee": root,
        "branch": branch,
        "admin": make_user("health_admin", person=staff, roles=[("org_admin", root)]),
        "member": make_user("health_member", person=member, roles=[("member", branch)]),
    }


def _ids(api, user, q):
    r = api(user).get("search", {"q": q})
    assert r.status_code == 200, r.content
    return [i["id"] for i in r.json()["items"]]


def _page(client, user, url, **params):
    client.force_login(user)
    r = client.get(url, params)
    return r, r.content.decode()


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


# ------------------------------------------------------------------------------------ query time


def test_an_abbreviation_finds_a_record_that_only_writes_the_full_form(world, census, branch_member, api, client):
    ids = _ids(api, branch_member, "经普")
    assert census["full"].id in ids and census["short"].id in ids
    r, html = _page(client, branch_member, "/search/", q="经普动员会")
    assert r.status_code == 200
    assert r.context["results"].top.id == census["full"].id
    assert "同时检索了：经普 → 经济普查" in _text(html)
    assert "<mark>经济普查</mark>" in r.context["results"].top.snippet


def test_the_full_form_finds_a_record_that_only_writes_the_abbreviation(world, census, branch_member, api, client):
    ids = _ids(api, branch_member, "经济普查数据质量")
    assert ids[0] == census["short"].id
    _r, html = _page(client, branch_member, "/search/", q="经济普查数据质量")
    assert "同时检索了：经济普查 → 经普" in _text(html)


def test_a_question_holding_no_abbreviation_gets_the_same_results(world, corpus, branch_secretary, monkeypatch):
    """Every question of the quality corpus that names no dictionary entry ranks exactly as without the dictionary."""
    dictionary = synonyms.synonyms_for(branch_secretary)
    plain = [q for q, f, _e in QUERIES if not f and not parse(q, synonyms=dictionary).expansions]
    assert len(plain) > 20
    with_dictionary = {q: [(h.id, h.score) for h in engine.search(branch_secretary, q).hits] for q in plain}
    monkeypatch.setattr(synonyms, "synonyms_for", lambda user: synonyms.Dictionary([]))
    without = {q: [(h.id, h.score) for h in engine.search(branch_secretary, q).hits] for q in plain}
    assert with_dictionary == without


def test_a_name_inside_a_longer_one_is_not_expanded_and_parts_must_all_be_there():
    d = synonyms.Dictionary(synonyms.defaults())
    assert parse("确定入党积极分子", synonyms=d).expansions == []
    assert [str(e) for e in parse("积极分子培养", synonyms=d).expansions] == ["积极分子 → 入党积极分子"]
    assert parse("学党章党规", synonyms=d).expansions == []  # one part of 两学一做's three
    whole = parse("学党章党规、学系列讲话、做合格党员", synonyms=d)
    assert "两学一做" in whole.terms
    assert parse("经普", synonyms=None).phrases == []  # without a dictionary, parsing is as before


def test_the_defaults_hold_about_forty_groups_each_with_a_full_form():
    groups = synonyms.defaults()
    assert len(groups) >= 38
    terms = {g.term.text for g in groups}
    assert {"经普", "党代会", "两学一做", "三会一课", "主题教育", "两新组织", "人大", "政协", "纪委"} <= terms
    assert all(g.expansions for g in groups)


# ------------------------------------------------------------------------------------ a committee's own entries


def test_a_committee_s_entry_works_for_its_branches_members_and_not_another_committee_s(
    world, other, committee_admin, branch_member, api
):
    mine = make_record(world.branch_a, "统计普查数据审核会", "2026-05-06", "study", "审核统计普查数据。")
    theirs = make_record(other["branch"], "卫健系统统计普查培训", "2026-05-07", "study", "开展统计普查培训。")
    assert _ids(api, branch_member, "统普") == []
    r = api(committee_admin).post(
        "search/synonyms",
        {"org": world.committee.pk, "term": "统普", "expansions": ["统计普查"], "note": "统计系统"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["expansions"] == ["统计普查"] and r.json()["org"]["id"] == world.committee.pk
    assert _ids(api, branch_member, "统普") == [mine.id]
    assert _ids(api, other["member"], "统普") == []  # the 工委's word is not the 卫健委党委's
    assert theirs.id in _ids(api, other["member"], "统计普查")
    # The other committee's own entry works for its member and not for the world's.
    r = api(other["admin"]).post(
        "search/synonyms", {"org": other["committee"].pk, "term": "卫普", "expansions": ["统计普查"]}
    )
    assert r.status_code == 201, r.content
    assert _ids(api, other["member"], "卫普") == [theirs.id]
    assert _ids(api, branch_member, "卫普") == []


def test_the_reader_s_dictionary_costs_one_query_whatever_its_size(world, committee_admin, branch_member):
    from search import actions

    def dictionary_queries():
        user = type(branch_member).objects.get(pk=branch_member.pk)
        engine.scope_for(user)  # the role grants, read by every search anyway
        with CaptureQueriesContext(connection) as ctx:
            synonyms.synonyms_for(user)
            synonyms.synonyms_for(user)  # kept for the request
        return len(ctx.captured_queries)

    assert dictionary_queries() == 1
    for n in range(5):
        actions.create_synonym(
            by=committee_admin, data={"org": world.committee.pk, "term": f"统{n}普", "expansions": f"统计{n}普查"}
        )
    assert dictionary_queries() == 1
    assert len(synonyms.synonyms_for(branch_member)) == len(synonyms.defaults()) + 5


def test_a_write_is_seen_by_the_next_question_and_is_audited(world, committee_admin, branch_member, api):
    record = make_record(world.branch_a, "两优一先评选会", "2026-06-20", "study", "评选结果在支部公示。")
    assert _ids(api, branch_member, "七一评优") == []
    entry = (
        api(committee_admin)
        .post("search/synonyms", {"org": world.committee.pk, "term": "七一评优", "expansions": ["两优一先"]})
        .json()
    )
    assert _ids(api, branch_member, "七一评优") == [record.id]
    r = api(committee_admin).patch(f"search/synonyms/{entry['id']}", {"expansions": ["建党节评优"]})
    assert r.status_code == 200 and r.json()["expansions"] == ["建党节评优"]
    assert _ids(api, branch_member, "七一评优") == []
    assert api(committee_admin).delete(f"search/synonyms/{entry['id']}").status_code == 204
    assert not Synonym.objects.exists() and Synonym.objects.deleted().get().pk == entry["id"]
    codes = list(
        AuditEvent.objects.filter(action__startswith="search.synonym.").order_by("id").values_list("action", flat=True)
    )
    assert codes == ["search.synonym.create", "search.synonym.update", "search.synonym.delete"]


# ------------------------------------------------------------------------------------ delete, 回收站, restore


def _bin(api, user):
    return [(i["kind"], i["id"], i["name"]) for i in api(user).get("recycle-bin").json()["items"]]


def test_a_deleted_entry_stops_counting_at_once_waits_in_the_bin_and_counts_again_restored(
    world, committee_admin, branch_member, api
):
    record = make_record(world.branch_a, "统计普查数据审核会", "2026-05-06", "study", "审核统计普查数据。")
    entry = _make(world, committee_admin)
    reader = type(branch_member).objects.get(pk=branch_member.pk)
    assert "统普" in [g.term.text for g in synonyms.synonyms_for(reader)]
    assert _ids(api, branch_member, "统普") == [record.id]

    assert api(committee_admin).delete(f"search/synonyms/{entry.pk}").status_code == 204
    # The reader's dictionary kept for her request is dropped too: the next question no longer expands 统普.
    assert "统普" not in [g.term.text for g in synonyms.synonyms_for(reader)]
    assert _ids(api, branch_member, "统普") == []
    assert api(committee_admin).get("search/synonyms").json() == {"count": 0, "items": []}
    assert api(committee_admin).get(f"search/synonyms/{entry.pk}").status_code == 404
    assert api(committee_admin).delete(f"search/synonyms/{entry.pk}").status_code == 404
    assert _bin(api, committee_admin) == [("search.synonym", entry.pk, "统普")]
    item = api(committee_admin).get("recycle-bin").json()["items"][0]
    assert item["kind_label"] == "缩略语词条" and item["org"]["id"] == world.committee.pk and item["days_left"] == 30
    assert "统计普查" in item["detail"]

    r = api(committee_admin).post(f"recycle-bin/search.synonym/{entry.pk}/restore")
    assert r.json() == {"kind": "search.synonym", "id": entry.pk, "restored": True}
    assert "统普" in [g.term.text for g in synonyms.synonyms_for(reader)]
    assert _ids(api, branch_member, "统普") == [record.id]
    assert [i["id"] for i in api(committee_admin).get("search/synonyms").json()["items"]] == [entry.pk]
    assert _bin(api, committee_admin) == []
    codes = list(
        AuditEvent.objects.filter(object_id=str(entry.pk), action__startswith="search.synonym.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert codes == ["search.synonym.create", "search.synonym.delete", "search.synonym.restore"]
    deleted = AuditEvent.objects.get(action="search.synonym.delete")
    assert deleted.before["term"] == "统普" and deleted.after["deleted_at"]


def test_only_the_committee_s_admin_sees_and_restores_a_deleted_entry(world, committee_admin, other, api):
    entry = _make(world, committee_admin)
    api(committee_admin).delete(f"search/synonyms/{entry.pk}")
    url = f"recycle-bin/search.synonym/{entry.pk}/restore"
    for user in (other["admin"], other["member"], world.users["sysadmin"], world.users["auditor"]):
        assert _bin(api, user) == []
        assert api(user).post(url).status_code == 404
    for persona in ("branch_secretary", "branch_member"):
        assert ("search.synonym", entry.pk, "统普") not in _bin(api, world.users[persona])
        assert api(world.users[persona]).post(url).status_code in (403, 404)
    assert Synonym.objects.deleted().filter(pk=entry.pk).exists()


def test_a_restore_that_would_duplicate_a_live_term_is_refused(world, committee_admin, branch_member, api, client):
    record = make_record(world.branch_a, "统计调查工作推进会", "2026-05-08", "study", "推进统计调查。")
    old = _make(world, committee_admin)
    api(committee_admin).delete(f"search/synonyms/{old.pk}")
    # The term is free again once deleted: the committee adds it anew, with another full form.
    new = _make(world, committee_admin, expansions="统计调查")
    r = api(committee_admin).post(f"recycle-bin/search.synonym/{old.pk}/restore")
    assert r.status_code == 409
    assert (
        r.json()["detail"] == "本党委的词典里已有缩略语“统普”，不能再恢复这一条。如需恢复，请先修改或删除现有的那一条。"
    )
    client.force_login(committee_admin)
    r = client.post(f"/recycle-bin/search.synonym/{old.pk}/restore/", follow=True)
    assert "本党委的词典里已有缩略语“统普”" in r.content.decode()
    assert Synonym.objects.deleted().get().pk == old.pk and Synonym.objects.get().pk == new.pk
    assert _ids(api, branch_member, "统普") == [record.id]  # the live entry's 统计调查, not the binned one's
    # Once the live one is renamed, the old one comes back.
    api(committee_admin).patch(f"search/synonyms/{new.pk}", {"term": "统调"})
    assert api(committee_admin).post(f"recycle-bin/search.synonym/{old.pk}/restore").status_code == 200
    assert sorted(Synonym.objects.values_list("term", flat=True)) == ["统普", "统调"]


# ------------------------------------------------------------------------------------ refusals and bad input


@pytest.mark.parametrize(
    ("persona", "status", "message"),
    [
        ("branch_secretary", 403, "只有党委（党工委）的党务管理员可以维护缩略语词典。"),
        ("branch_member", 403, "只有党委（党工委）的党务管理员可以维护缩略语词典。"),
        ("sysadmin", 403, "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。"),
        ("secadmin", 403, "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。"),
        ("auditor", 403, "系统管理账号不参与业务工作（三员分立），请使用业务账号办理。"),
    ],
)
def test_only_a_committee_s_admin_adds_an_entry(world, api, persona, status, message):
    r = api(world.users[persona]).post(
        "search/synonyms", {"org": world.committee.pk, "term": "经调", "expansions": ["经济调查"]}
    )
    assert (r.status_code, r.json()["detail"]) == (status, message)
    assert not Synonym.objects.exists()


def test_system_roles_cannot_edit_nor_delete_and_see_no_entry(world, committee_admin, api):
    entry = _make(world, committee_admin)
    for role in ("sysadmin", "secadmin", "auditor"):
        user = world.users[role]
        assert api(user).patch(f"search/synonyms/{entry.pk}", {"note": "改"}).status_code == 404
        assert api(user).delete(f"search/synonyms/{entry.pk}").status_code == 404
    entry.refresh_from_db()
    assert entry.note == ""


def _make(world, admin, term="统普", expansions="统计普查"):
    from search import actions

    return actions.create_synonym(by=admin, data={"org": world.committee.pk, "term": term, "expansions": expansions})


BAD = [
    ({"term": ""}, "term", "缩略语"),
    ({"term": "   "}, "term", "缩略语"),
    ({"term": "、。！"}, "term", "请填写缩略语"),
    ({"term": "经" * 21}, "term", "20"),
    ({"term": "经\x00普"}, "term", "无法识别"),
    ({"term": "经=普"}, "term", "等号"),
    ({"expansions": []}, "expansions", "请填写全称或其他说法"),
    ({"expansions": ["  "]}, "expansions", "请填写全称或其他说法"),
    ({"expansions": ["经济调查"]}, "expansions", "自己的全称"),
    ({"expansions": ["经济普查", "经济普查"]}, "expansions", "重复"),
    ({"expansions": ["经济\x00普查"]}, "expansions", "无法识别"),
    ({"expansions": ["经" * 61]}, "expansions", "60"),
    ({"expansions": [f"说法{n}" for n in range(11)]}, "expansions", ""),
    ({"note": "注" * 201}, "note", "200"),
    ({"term": "经" * 100_000}, "term", ""),
]


@pytest.mark.parametrize(("change", "field", "words"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, committee_admin, api, change, field, words):
    body = {"org": world.committee.pk, "term": "经调", "expansions": ["经济调查"], **change}
    if change.get("expansions") == ["经济调查"]:
        body["term"] = "经济调查"
    r = api(committee_admin).post("search/synonyms", body)
    assert r.status_code in (400, 422), r.content
    detail = r.json()["detail"]
    assert re.search(r"[\u4e00-\u9fff]", detail) and words in detail, detail
    assert field in r.json().get("errors", {field: []}) or field in detail or words in detail
    assert not Synonym.objects.exists()


def test_a_second_entry_with_the_same_term_is_refused(world, committee_admin, api):
    _make(world, committee_admin)
    r = api(committee_admin).post("search/synonyms", {"org": world.committee.pk, "term": "统普", "expansions": ["x"]})
    assert r.status_code == 422 and "已有缩略语“统普”" in r.json()["detail"]
    assert Synonym.objects.count() == 1


def test_an_entry_cannot_move_to_another_committee(world, committee_admin, other, api):
    entry = _make(world, committee_admin)
    r = api(committee_admin).patch(f"search/synonyms/{entry.pk}", {"term": "统查"})
    assert r.status_code == 200
    from core.errors import Invalid
    from search import actions

    with pytest.raises(Invalid):
        actions.update_synonym(entry, by=committee_admin, data={"org": other["committee"].pk})


# ------------------------------------------------------------------------------------ scope


def test_another_committee_gets_404_for_an_entry_as_for_a_missing_one(world, committee_admin, other, api, client):
    entry = _make(world, committee_admin)
    for user in (other["admin"], other["member"]):
        for method, path, body in (
            ("get", f"search/synonyms/{entry.pk}", None),
            ("patch", f"search/synonyms/{entry.pk}", {"note": "改"}),
            ("delete", f"search/synonyms/{entry.pk}", None),
        ):
            got = api(user).call(method, path, body)
            missing = api(user).call(method, path.replace(str(entry.pk), "999999"), body)
            assert got.status_code == missing.status_code == 404
            assert got.json() == missing.json()
        assert api(user).get("search/synonyms").json() == {"count": 0, "items": []}
        assert api(user).get("search/synonyms", {"org": world.committee.pk}).status_code == 404
    client.force_login(other["admin"])
    assert client.get(f"/search/synonyms/{entry.pk}/edit/").status_code == 404
    assert client.post(f"/search/synonyms/{entry.pk}/delete/").status_code == 404
    assert Synonym.objects.filter(pk=entry.pk).exists()


def test_a_branch_member_reads_her_committee_s_entries_but_does_not_edit_them(world, committee_admin, api):
    entry = _make(world, committee_admin)
    member = world.users["branch_member"]
    r = api(member).get("search/synonyms")
    assert [i["id"] for i in r.json()["items"]] == [entry.pk]
    assert api(member).get(f"search/synonyms/{entry.pk}").json()["term"] == "统普"
    assert api(member).patch(f"search/synonyms/{entry.pk}", {"note": "改"}).status_code == 403


# ------------------------------------------------------------------------------------ pages


def test_the_search_page_links_the_dictionary_for_those_who_keep_it(world, committee_admin, branch_member, client):
    _r, html = _page(client, committee_admin, "/search/", q="党员")
    assert 'href="/search/synonyms/"' in html
    _r, html = _page(client, branch_member, "/search/", q="党员")
    assert "/search/synonyms/" not in html
    r, _html = _page(client, branch_member, "/search/synonyms/")
    assert r.status_code == 403
    r, _html = _page(client, world.users["sysadmin"], "/search/synonyms/")
    assert r.status_code == 403


def test_a_committee_admin_adds_edits_and_deletes_on_the_pages(world, committee_admin, client):
    client.force_login(committee_admin)
    page = client.get("/search/synonyms/").content.decode()
    assert "内置的常用缩略语" in page and "经济普查" in page and "还没有添加本单位的缩略语" in page
    r = client.post(
        "/search/synonyms/new/",
        {"org": world.committee.pk, "term": "统普", "expansions": "统计普查\r\n统计大普查", "note": "本局常用"},
    )
    assert r.status_code == 302 and r["Location"] == "/search/synonyms/"
    entry = Synonym.objects.get()
    assert entry.expansion_list == ["统计普查", "统计大普查"] and entry.created_by == committee_admin
    page = client.get("/search/synonyms/").content.decode()
    assert "统计普查 / 统计大普查" in page and f"/search/synonyms/{entry.pk}/edit/" in page
    edit = client.get(f"/search/synonyms/{entry.pk}/edit/").content.decode()
    assert 'data-confirm="删除缩略语“统普”？' in edit
    # Bad input shows the form again with the reason, nothing saved.
    r = client.post(f"/search/synonyms/{entry.pk}/edit/", {"term": "统普", "expansions": "统普", "note": ""})
    assert r.status_code == 200 and "缩略语不能作为自己的全称" in r.content.decode()
    r = client.post(f"/search/synonyms/{entry.pk}/edit/", {"term": "统普", "expansions": "统计普查", "note": ""})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.expansion_list == ["统计普查"] and entry.note == ""
    assert "移入回收站，30天内可由本党委的党务管理员恢复" in edit
    r = client.post(f"/search/synonyms/{entry.pk}/delete/", follow=True)
    html = r.content.decode()
    assert r.redirect_chain[-1][0] == "/search/synonyms/" and "已将缩略语《统普》移入回收站" in html
    assert "还没有添加本单位的缩略语" in html and not Synonym.objects.exists()
    # The 回收站 page lists it; restoring brings it back to the dictionary's list.
    bin_page = client.get("/recycle-bin/").content.decode()
    assert "统普" in bin_page and f"/recycle-bin/search.synonym/{entry.pk}/restore/" in bin_page
    r = client.post(f"/recycle-bin/search.synonym/{entry.pk}/restore/", follow=True)
    html = r.content.decode()
    assert r.redirect_chain[-1][0] == "/search/synonyms/" and "已恢复缩略语《统普》" in html
    assert "统计普查" in html and Synonym.objects.get().pk == entry.pk


def test_an_unchanged_edit_writes_no_audit_event(world, committee_admin, client):
    entry = _make(world, committee_admin)
    client.force_login(committee_admin)
    before = AuditEvent.objects.count()
    r = client.post(f"/search/synonyms/{entry.pk}/edit/", {"term": "统普", "expansions": "统计普查", "note": ""})
    assert r.status_code == 302 and AuditEvent.objects.count() == before


def test_a_huge_form_post_is_refused_in_chinese(world, committee_admin, client):
    client.force_login(committee_admin)
    r = client.post(
        "/search/synonyms/new/", {"org": world.committee.pk, "term": "统普", "expansions": "统计普查\n" * 20_000}
    )
    assert r.status_code == 200 and "全称或其他说法" in r.content.decode() and not Synonym.objects.exists()

"""考核方案 through the API: schemes with thresholds and sections, items adding up to 100, vetoes, the freeze once a
round has opened (409), clones, and who may do what (the committee's 党务管理员 only; its branches read)."""

import pytest

from assessments.models import Category, Item, Scheme, StarThreshold
from assessments.tests.factories_schemes import STARS, add_items, make_scheme, open_round
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _create(api, user, world, **extra):
    body = {"org": world.committee.pk, "year": 2026, "name": "“六考一评”考核方案", "stars": STARS, **extra}
    return api(user).post("assessments/schemes", body)


def test_committee_admin_creates_a_scheme_with_thresholds_and_default_sections(api, world, committee_admin):
    r = _create(api, committee_admin, world, description="六考一评")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["org"] == {"id": world.committee.pk, "name": world.committee.name}
    assert [(s["stars"], s["min"]) for s in body["stars"]] == [(5, 90), (4, 80), (3, 70), (2, 60), (1, 0)]
    assert [s["label"] for s in body["selfcheck_sections"]] == ["主要做法", "亮点特色", "存在问题", "规划思路"]
    assert body["total"] == 0 and body["complete"] is False
    assert body["problem"] == "考核项目分值合计为0分，须恰好为100分才能开启考核。"
    assert set(body["actions"]) == {"update", "clone", "add_item", "import"}
    assert AuditEvent.objects.filter(action="assessments.scheme.create").count() == 1


def test_sections_of_the_committees_own_are_kept(api, world, committee_admin):
    sections = [{"key": "practices", "label": "主要做法"}, {"key": "effects", "label": "工作成效"}]
    r = _create(api, committee_admin, world, selfcheck_sections=sections)
    assert r.status_code == 201, r.content
    assert r.json()["selfcheck_sections"] == sections


@pytest.mark.parametrize(
    "stars, words",
    [
        ([{"stars": 5, "min": 80}, {"stars": 4, "min": 85}], "5星的最低得分（80分）应高于4星的（85分）"),
        ([{"stars": 6, "min": 95}], "星级应为1到5的整数"),
        ([{"stars": 5, "min": 101}], "5星的最低得分应在0到100分之间"),
        ([{"stars": 5, "min": 90}, {"stars": 5, "min": 91}], "5星的标准重复了"),
    ],
)
def test_bad_thresholds_are_refused_with_the_reason(api, world, committee_admin, stars, words):
    r = _create(api, committee_admin, world, stars=stars)
    assert r.status_code == 422 and words in r.json()["detail"], r.json()
    assert not Scheme.objects.exists()


def test_bad_sections_are_refused(api, world, committee_admin):
    r = _create(api, committee_admin, world, selfcheck_sections=[{"key": "主要", "label": "主要做法"}])
    assert r.status_code == 422 and "代码应为小写英文字母开头" in r.json()["detail"]
    r = _create(
        api, committee_admin, world, selfcheck_sections=[{"key": "a", "label": "做法"}, {"key": "b", "label": "做法"}]
    )
    assert r.status_code == 422 and "重复" in r.json()["detail"]


def test_the_same_name_twice_in_a_year_is_a_conflict(api, world, committee_admin):
    assert _create(api, committee_admin, world).status_code == 201
    r = _create(api, committee_admin, world)
    assert r.status_code == 409 and "已有名为" in r.json()["detail"]
    assert _create(api, committee_admin, world, year=2027).status_code == 201


def test_a_branch_draws_up_no_scheme_and_the_system_roles_none_at_all(api, world, branch_secretary, sysadmin):
    r = api(branch_secretary).post(
        "assessments/schemes", {"org": world.branch_a.pk, "year": 2026, "name": "支部方案", "stars": []}
    )
    assert r.status_code == 422 and "只能由您管理的党委（工委）制定" in r.json()["detail"]
    r = _create(api, branch_secretary, world)
    assert r.status_code == 422  # the committee is not hers: not among the choices
    r = _create(api, sysadmin, world)
    assert r.status_code == 403 and "系统管理账号" in r.json()["detail"]
    assert not Scheme.objects.exists()


def test_items_add_up_and_the_scheme_says_when_it_is_complete(api, world, committee_admin):
    scheme = make_scheme(world)
    client = api(committee_admin)
    r = client.post(
        f"assessments/schemes/{scheme.pk}/items",
        {"category": "党建", "name": "三会一课", "standard": "按时召开", "max_points": 60, "method": "documents"},
    )
    assert r.status_code == 201, r.content
    item = r.json()
    assert (item["category"], item["max_points"], item["method_label"]) == ("党建", 60, "查阅资料")
    add_items(scheme, world, [20, 15], category="宣传")
    listed = client.get(f"assessments/schemes/{scheme.pk}/items").json()
    assert listed["count"] == 3 and listed["total"] == 95 and listed["complete"] is False
    assert listed["problem"] == "考核项目分值合计为95分，须恰好为100分才能开启考核。"
    add_items(scheme, world, [5], category="宣传")
    detail = client.get(f"assessments/schemes/{scheme.pk}").json()
    assert detail["total"] == 100 and detail["complete"] is True and detail["problem"] is None
    assert [(c["name"], c["total"], len(c["items"])) for c in detail["categories"]] == [
        ("党建", 60, 1),
        ("宣传", 40, 3),
    ]
    assert Category.objects.filter(scheme=scheme).count() == 2  # 宣传 created once, on first use


@pytest.mark.parametrize(
    "body, field, words",
    [
        ({"max_points": 0}, "max_points", "不能小于0.01"),
        ({"max_points": 100.5}, "max_points", "100"),
        ({"max_points": 1.234}, "max_points", "小数"),
        ({"method": "guess"}, "method", ""),
        ({"name": "  "}, "name", "请填写考核内容"),
        ({"source": "nothing.here"}, "source", "没有这个数据来源"),
        ({"source": "plans.compliance", "method": "documents"}, "source", "考核方式应为“网站汇总”"),
        ({"veto": True, "veto_cap": 5}, "veto_cap", ""),
    ],
)
def test_a_bad_item_is_refused_with_its_field(api, world, committee_admin, body, field, words):
    scheme = make_scheme(world)
    payload = {"category": "党建", "name": "三会一课", "max_points": 2, "method": "documents", **body}
    r = api(committee_admin).post(f"assessments/schemes/{scheme.pk}/items", payload)
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"] and words in r.json()["detail"], r.json()
    assert not Item.objects.exists()


def test_a_veto_item_keeps_its_cap_and_a_plain_item_none(api, world, committee_admin):
    scheme = make_scheme(world)
    client = api(committee_admin)
    veto = client.post(
        f"assessments/schemes/{scheme.pk}/items",
        {"category": "社会治安", "name": "安全生产", "max_points": 2, "method": "site", "veto": True, "veto_cap": 2},
    ).json()
    plain = client.post(
        f"assessments/schemes/{scheme.pk}/items",
        {"category": "社会治安", "name": "消防", "max_points": 2, "method": "site", "veto_cap": 3},
    ).json()
    assert (veto["veto"], veto["veto_cap"]) == (True, 2)
    assert (plain["veto"], plain["veto_cap"]) == (False, 0)


def test_a_platform_item_keeps_its_source_and_formula(api, world, committee_admin):
    scheme = make_scheme(world)
    r = api(committee_admin).post(
        f"assessments/schemes/{scheme.pk}/items",
        {"category": "党建", "name": "三会一课", "max_points": 10, "method": "platform",
         "source": "plans.compliance", "formula": {"zero": 60, "full": 100}},
    )  # fmt: skip
    assert r.status_code == 201, r.content
    item = r.json()
    assert item["source"] == "plans.compliance" and item["formula"] == {"zero": 60, "full": 100}
    assert item["formula_text"].startswith("三会一课完成率60%及以下得0分，100%及以上得满分10分")
    assert Item.objects.get(pk=item["id"]).formula == {"zero": "60", "full": "100"}
    r = api(committee_admin).post(
        f"assessments/schemes/{scheme.pk}/items",
        {"category": "党建", "name": "清单", "max_points": 2, "method": "platform",
         "source": "plans.compliance", "formula": {"zero": 100, "full": 100}},
    )  # fmt: skip
    assert r.status_code == 422 and "formula_full" in r.json()["errors"]


def test_patch_and_delete_an_item(api, world, committee_admin):
    scheme = make_scheme(world)
    first, second = add_items(scheme, world, [60, 40])
    client = api(committee_admin)
    r = client.patch(f"assessments/items/{first.pk}", {"max_points": 55, "category": "宣传"})
    assert r.status_code == 200, r.content
    assert (r.json()["max_points"], r.json()["category"], r.json()["name"]) == (55, "宣传", first.name)
    assert client.get(f"assessments/schemes/{scheme.pk}").json()["total"] == 95
    assert client.delete(f"assessments/items/{second.pk}").status_code == 204
    assert list(scheme.items.values_list("name", flat=True)) == [first.name]
    assert list(scheme.categories.values_list("name", flat=True)) == ["宣传"]  # 党建 left empty: gone
    codes = list(AuditEvent.objects.filter(action__startswith="assessments.item").values_list("action", flat=True))
    assert codes.count("assessments.item.update") == 1 and codes.count("assessments.item.delete") == 1


def test_an_unchanged_patch_writes_no_event(api, world, committee_admin):
    scheme = make_scheme(world)
    (item,) = add_items(scheme, world, [10])
    before = AuditEvent.objects.count()
    assert api(committee_admin).patch(f"assessments/items/{item.pk}", {"name": item.name}).status_code == 200
    assert AuditEvent.objects.count() == before


def test_a_scheme_in_use_keeps_its_items_and_thresholds(api, world, committee_admin):
    scheme = make_scheme(world)
    (item,) = add_items(scheme, world, [100])
    client = api(committee_admin)
    draft = open_round(scheme, world, state="draft")
    assert client.patch(f"assessments/items/{item.pk}", {"standard": "草稿期间可改"}).status_code == 200
    draft.state = "selfcheck"
    draft.save()
    refusals = [
        client.post(f"assessments/schemes/{scheme.pk}/items", {"category": "党建", "name": "新", "max_points": 1}),
        client.patch(f"assessments/items/{item.pk}", {"max_points": 90}),
        client.delete(f"assessments/items/{item.pk}"),
        client.patch(f"assessments/schemes/{scheme.pk}", {"stars": [{"stars": 5, "min": 95}]}),
        client.patch(f"assessments/schemes/{scheme.pk}", {"year": 2027}),
    ]
    for r in refusals:
        assert r.status_code == 409, r.content
        assert "该方案已用于“2026年第一季度考核”" in r.json()["detail"]
    item.refresh_from_db()
    assert item.max_points == 100 and StarThreshold.objects.get(scheme=scheme, stars=5).min == 90
    r = client.patch(f"assessments/schemes/{scheme.pk}", {"description": "说明可以改"})
    assert r.status_code == 200 and r.json()["description"] == "说明可以改"
    detail = client.get(f"assessments/schemes/{scheme.pk}").json()
    assert detail["in_use"] is True and detail["actions"] == ["update", "clone"]
    assert detail["categories"][0]["items"][0]["actions"] == []


def test_patch_scheme_thresholds_and_sections(api, world, committee_admin):
    scheme = make_scheme(world)
    r = api(committee_admin).patch(
        f"assessments/schemes/{scheme.pk}",
        {"name": "考核办法", "stars": [{"stars": 3, "min": 85}, {"stars": 1, "min": 60}],
         "selfcheck_sections": [{"key": "practices", "label": "主要做法"}]},
    )  # fmt: skip
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["name"] == "考核办法" and [(s["stars"], s["min"]) for s in body["stars"]] == [(3, 85), (1, 60)]
    assert body["selfcheck_sections"] == [{"key": "practices", "label": "主要做法"}]


def test_clone_copies_everything_for_the_new_year(api, world, committee_admin):
    scheme = make_scheme(world)
    add_items(scheme, world, [58, 40])
    add_items(scheme, world, [2], category="社会治安", veto=True, veto_cap=2)
    add_items(scheme, world, [0.5], category="党建", method="platform", source="plans.compliance", formula_zero="60")
    client = api(committee_admin)
    r = client.post(f"assessments/schemes/{scheme.pk}/clone", {"year": 2027})
    assert r.status_code == 201, r.content
    new = r.json()
    assert (new["year"], new["name"], new["cloned_from"]) == (2027, scheme.name, scheme.pk)
    assert new["total"] == 100.5 and new["stars"] == client.get(f"assessments/schemes/{scheme.pk}").json()["stars"]
    items = Item.objects.filter(scheme_id=new["id"]).order_by("category__position", "position")
    assert [(i.category.name, i.max_points, i.veto, i.veto_cap, i.source, i.formula) for i in items] == [
        (i.category.name, i.max_points, i.veto, i.veto_cap, i.source, i.formula)
        for i in scheme.items.order_by("category__position", "position")
    ]
    again = client.post(f"assessments/schemes/{scheme.pk}/clone", {"year": 2027})
    assert again.status_code == 409
    named = client.post(f"assessments/schemes/{scheme.pk}/clone", {"year": 2026, "name": "专项考核方案"})
    assert named.status_code == 201 and named.json()["name"] == "专项考核方案"


def test_branches_read_the_scheme_but_change_nothing(api, world, branch_secretary, branch_member, outsider):
    scheme = make_scheme(world)
    (item,) = add_items(scheme, world, [100])
    for user in (branch_secretary, branch_member):
        client = api(user)
        body = client.get(f"assessments/schemes/{scheme.pk}").json()
        assert body["total"] == 100 and body["actions"] == []
        assert client.patch(f"assessments/items/{item.pk}", {"max_points": 1}).status_code == 403
        r = client.post(f"assessments/schemes/{scheme.pk}/items", {"category": "x", "name": "y", "max_points": 1})
        assert r.status_code == 403 and "党务管理员" in r.json()["detail"]
        assert client.post(f"assessments/schemes/{scheme.pk}/clone", {"year": 2027}).status_code == 403
    # outsider: branch B is under the same 工委 (the scheme's org here), so it reads it too.
    assert api(outsider).get(f"assessments/schemes/{scheme.pk}").status_code == 200


def test_a_scheme_of_another_committee_answers_like_a_missing_one(api, world, branch_secretary):
    from core.testing import make_user
    from orgs.models import Organisation

    other = Organisation.add_root(name="另一工委", kind="working_committee")
    other_admin = make_user("other_admin", roles=[("org_admin", other)])
    scheme = Scheme.objects.create(org=other, year=2026, name="他人方案")
    scheme_item = add_items(scheme, world, [10], by=other_admin)[0]
    client = api(branch_secretary)
    missing = client.get("assessments/schemes/999999")
    for path in (f"assessments/schemes/{scheme.pk}", f"assessments/items/{scheme_item.pk}"):
        r = client.get(path)
        assert (r.status_code, r.json()) == (404, missing.json())
    assert client.get("assessments/schemes").json()["count"] == 0


def test_list_filters_by_year(api, world, committee_admin):
    make_scheme(world)
    make_scheme(world, year=2027)
    client = api(committee_admin)
    assert client.get("assessments/schemes").json()["count"] == 2
    listed = client.get("assessments/schemes", {"year": 2027}).json()
    assert [s["year"] for s in listed["items"]] == [2027]

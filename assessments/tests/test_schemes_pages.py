"""The 考核方案 pages: the list, a scheme's page (categories, totals, vetoes, 网站汇总 items), the forms, the delete
that asks first, the import of the 67-item 六考一评 sheet with its template, and the clone."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.models import Item, Scheme
from assessments.tests import sample_xlsx
from assessments.tests.factories_schemes import add_items, make_scheme, open_round

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _preview_67(client, scheme):
    url = f"/assessments/schemes/{scheme.pk}/import/"
    preview = client.post(url, {"file": SimpleUploadedFile("六考一评.xlsx", sample_xlsx.xlsx())})
    assert preview.status_code == 200
    token = re.search(r'name="token" value="([0-9a-f]{32})"', preview.content.decode())
    assert token, preview.content.decode()[:3000]
    return preview, lambda: client.post(url, {"op": "confirm", "token": token.group(1)})


def test_the_committee_imports_the_67_item_scheme_in_one_go(client, world, committee_admin):
    scheme = make_scheme(world)
    _login(client, committee_admin)
    preview, confirm = _preview_67(client, scheme)
    page = preview.content.decode()
    assert page.count('data-testid="preview-row"') == 67 and "导入后分值合计 100 分" in page
    assert not Item.objects.filter(scheme=scheme).exists()  # the preview writes nothing
    assert confirm().status_code == 302
    assert Item.objects.filter(scheme=scheme).count() == 67
    assert list(scheme.categories.values_list("name", flat=True)) == sample_xlsx.CATEGORIES
    veto = Item.objects.get(scheme=scheme, veto=True)
    assert (veto.name, veto.veto_cap) == ("安全生产", 2)
    measured = dict(Item.objects.filter(scheme=scheme).exclude(source="").values_list("name", "source"))
    assert measured == {"三会一课": "plans.compliance", "年度工作清单": "plans.on_time", "信访处理": "feedback.on_time"}
    assert Item.objects.get(scheme=scheme, name="三会一课").formula == {"zero": "60", "full": "100"}
    detail = client.get(f"/assessments/schemes/{scheme.pk}/").content.decode()
    assert 'data-testid="scheme-complete"' in detail and detail.count('data-testid="item-row"') == 67


def test_an_import_with_a_bad_row_imports_nothing_and_says_where(client, world, committee_admin):
    scheme = make_scheme(world)
    rows = [list(r) for r in sample_xlsx.ROWS[:3]]
    rows[1][3] = 120  # 分值 above 100
    rows[2][4] = "打分"  # no such method
    rows.append(list(sample_xlsx.ROWS[0]))  # a repeat of row 3 (the first data row)
    _login(client, committee_admin)
    r = client.post(
        f"/assessments/schemes/{scheme.pk}/import/", {"file": SimpleUploadedFile("x.xlsx", sample_xlsx.xlsx(rows))}
    )
    page = r.content.decode()
    assert "3 行有错误" in page and "与第2行的考核项目重复" in page
    assert "应为听取汇报、查阅资料、实地查看、网站汇总、走访座谈或满意度测评之一" in page
    assert 'name="token"' not in page and not Item.objects.exists()


def test_an_import_taking_the_total_above_100_is_refused(client, world, committee_admin):
    scheme = make_scheme(world)
    add_items(scheme, world, [10], category="其他")
    _login(client, committee_admin)
    r = client.post(
        f"/assessments/schemes/{scheme.pk}/import/", {"file": SimpleUploadedFile("x.xlsx", sample_xlsx.xlsx())}
    )
    assert "导入后方案分值合计为110分，超过100分（方案现有10分）" in r.content.decode()
    assert scheme.items.count() == 1


def test_the_template_has_the_columns_the_import_reads(client, world, committee_admin):
    scheme = make_scheme(world)
    _login(client, committee_admin)
    r = client.get(f"/assessments/schemes/{scheme.pk}/import/template.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content))
    ws = wb["导入数据"]
    headers = [c.value for c in ws[3] if c.value]
    assert headers == sample_xlsx.HEADERS
    assert client.get("/assessments/items/template.xlsx").status_code == 200


def test_the_scheme_page_shows_totals_vetoes_and_measured_items(client, world, branch_secretary):
    scheme = make_scheme(world)
    add_items(scheme, world, [50, 40], category="党建")
    add_items(scheme, world, [2], category="社会治安", method="site", veto=True, veto_cap=2)
    add_items(scheme, world, [3], category="党建", method="platform", source="plans.compliance", formula_zero="60")
    _login(client, branch_secretary)
    page = client.get(f"/assessments/schemes/{scheme.pk}/").content.decode()
    assert "考核项目分值合计为95分，须恰好为100分才能开启考核。还差 5 分。" in page
    assert "一票否决 · 最高2星" in page
    assert "三会一课完成率60%及以下得0分，100%及以上得满分3分" in page
    assert "主要做法" in page and "90 分及以上" in page
    assert "添加考核项目" not in page and "修改方案" not in page  # a branch reads only


def test_the_list_and_the_scheme_page_keep_their_query_counts(
    client, world, committee_admin, django_assert_max_num_queries
):
    for year in (2025, 2026, 2027):
        scheme = make_scheme(world, year=year)
        add_items(scheme, world, [1] * 10, category="党建")
        add_items(scheme, world, [2] * 10, category="宣传", method="platform", source="plans.on_time")
    _login(client, committee_admin)
    client.get("/assessments/schemes/")  # session, sidebar caches
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):  # 17 of them the shell (session, sidebar, to-dos)
        r = client.get("/assessments/schemes/")
    assert r.content.decode().count('data-testid="scheme-row"') == 3
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(23):
        r = client.get(f"/assessments/schemes/{scheme.pk}/")
    assert r.content.decode().count('data-testid="item-row"') == 20


def test_create_edit_and_delete_through_the_pages(client, world, committee_admin):
    _login(client, committee_admin)
    r = client.post(
        "/assessments/schemes/new/",
        {"org": world.committee.pk, "year": 2026, "name": "考核方案", "star_5": "90", "star_3": "70",
         "sections": "主要做法\n亮点特色\n工作成效"},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()[:2000]
    scheme = Scheme.objects.get()
    assert [(t.stars, t.min) for t in scheme.thresholds.order_by("-stars")] == [(5, 90), (3, 70)]
    assert scheme.selfcheck_sections == [
        {"key": "practices", "label": "主要做法"},
        {"key": "highlights", "label": "亮点特色"},
        {"key": "s1", "label": "工作成效"},
    ]
    r = client.post(
        f"/assessments/schemes/{scheme.pk}/items/new/",
        {
            "category": "党建",
            "name": "三会一课",
            "max_points": "10",
            "method": "platform",
            "source": "plans.compliance",
        },
    )
    assert r.status_code == 302
    item = Item.objects.get()
    edit = client.get(f"/assessments/items/{item.pk}/edit/").content.decode()
    assert 'data-confirm="删除考核项目“三会一课”（10分）' in edit
    r = client.post(f"/assessments/items/{item.pk}/delete/")
    assert r.status_code == 302 and not Item.objects.exists()


def test_a_bad_item_form_shows_the_reason_and_saves_nothing(client, world, committee_admin):
    scheme = make_scheme(world)
    _login(client, committee_admin)
    r = client.post(
        f"/assessments/schemes/{scheme.pk}/items/new/",
        {
            "category": "党建",
            "name": "三会一课",
            "max_points": "10",
            "method": "documents",
            "source": "plans.compliance",
        },
    )
    assert r.status_code == 200 and "考核方式应为“网站汇总”" in r.content.decode()
    assert not Item.objects.exists()


def test_a_scheme_in_use_refuses_item_changes_on_its_pages(client, world, committee_admin):
    scheme = make_scheme(world)
    (item,) = add_items(scheme, world, [100])
    open_round(scheme, world)
    _login(client, committee_admin)
    page = client.get(f"/assessments/schemes/{scheme.pk}/").content.decode()
    assert "该方案已用于考核" in page and "添加考核项目" not in page
    r = client.post(f"/assessments/items/{item.pk}/delete/", follow=True)
    assert "该方案已用于“2026年第一季度考核”" in r.content.decode() and Item.objects.filter(pk=item.pk).exists()
    r = client.post(f"/assessments/schemes/{scheme.pk}/import/", {"file": SimpleUploadedFile("x.xlsx", b"x")})
    assert r.status_code == 409


def test_clone_page(client, world, committee_admin):
    scheme = make_scheme(world)
    add_items(scheme, world, [60, 40])
    _login(client, committee_admin)
    form = client.get(f"/assessments/schemes/{scheme.pk}/clone/").content.decode()
    assert 'value="2027"' in form
    r = client.post(f"/assessments/schemes/{scheme.pk}/clone/", {"year": 2027, "name": scheme.name})
    assert r.status_code == 302
    new = Scheme.objects.get(year=2027)
    assert new.cloned_from == scheme and new.items.count() == 2


def test_the_pages_refuse_outsiders_and_the_system_roles(client, world, sysadmin, branch_secretary):
    scheme = make_scheme(world)
    _login(client, sysadmin)
    assert client.get("/assessments/schemes/").status_code == 403
    assert client.get(f"/assessments/schemes/{scheme.pk}/").status_code == 404
    _login(client, branch_secretary)
    assert client.get(f"/assessments/schemes/{scheme.pk}/edit/").status_code == 403
    assert client.get(f"/assessments/schemes/{scheme.pk}/items/new/").status_code == 403
    assert client.get("/assessments/schemes/new/").status_code == 200  # the form, with no committee to choose
    r = client.post("/assessments/schemes/new/", {"org": world.branch_a.pk, "year": 2026, "name": "x", "sections": "a"})
    assert r.status_code == 200 and "只能由您管理的党委（工委）制定" in r.content.decode()

"""党建动态's approval chain: each transition, who may run it, and each refusal."""

import pytest

from core import workflow
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.testing import make_user, workflow_mismatches
from notices import actions_news as actions
from notices.models import NewsItem, NewsPhoto
from notices.workflows_news import NEWS

from .news_helpers import in_state, jpeg_with_exif, news, png

pytestmark = pytest.mark.django_db


def test_branch_writes_a_draft_with_photos(world, branch_secretary):
    item = news(branch_secretary, world.branch_a, photos=[png(), png("b.png")])
    assert item.state == "draft" and item.author == branch_secretary
    assert item.photos.count() == 2
    assert all(p.content_type == "image/png" for p in item.photos.all())


def test_full_chain_submit_return_edit_resubmit_publish_withdraw(world, branch_secretary, committee_admin):
    item = news(branch_secretary, world.branch_a)
    item = actions.run(item, "submit", by=branch_secretary)
    assert item.state == "submitted" and item.submitted_at
    item = actions.run(item, "return", by=committee_admin, data={"reason": "请补充照片"})
    assert item.state == "returned" and item.reason == "请补充照片"
    item = actions.update_news(item, by=branch_secretary, data={"title": "修改后的标题"}, photos=[png()])
    assert item.title == "修改后的标题" and item.photos.count() == 1
    item = actions.run(item, "submit", by=branch_secretary)
    item = actions.run(item, "approve", by=committee_admin, data={"comment": "同意"})
    assert item.state == "published" and item.published_at and item.decided_by == committee_admin
    item = actions.run(item, "withdraw", by=committee_admin, data={"reason": "日期有误"})
    assert item.state == "withdrawn" and item.reason == "日期有误" and item.public_body == ""


def test_the_branch_cannot_approve_its_own_item(world, branch_secretary):
    item = in_state(world, "submitted")
    with pytest.raises(Forbidden, match="上级党组织"):
        actions.run(item, "approve", by=branch_secretary)


def test_a_reviewer_cannot_approve_what_she_wrote(world, committee_admin):
    item = news(committee_admin, world.branch_a)
    actions.run(item, "submit", by=committee_admin)
    with pytest.raises(Forbidden, match="本人"):
        actions.run(item, "approve", by=committee_admin)


def test_return_needs_a_reason(world, committee_admin):
    item = in_state(world, "submitted")
    with pytest.raises(Invalid):
        actions.run(item, "return", by=committee_admin, data={"reason": "   "})
    assert NewsItem.objects.get(pk=item.pk).state == "submitted"


def test_withdraw_needs_a_reason(world, committee_admin):
    item = in_state(world, "published")
    with pytest.raises(Invalid):
        actions.run(item, "withdraw", by=committee_admin, data={})


@pytest.mark.parametrize(
    "state,name",
    [
        ("draft", "approve"),
        ("draft", "withdraw"),
        ("submitted", "submit"),
        ("published", "approve"),
        ("published", "submit"),
        ("returned", "approve"),
        ("withdrawn", "withdraw"),
    ],
)
def test_a_transition_from_the_wrong_state_is_409(world, committee_admin, state, name):
    item = in_state(world, state)
    with pytest.raises(Conflict):
        actions.run(item, name, by=committee_admin, data={"reason": "理由", "comment": ""})


def test_a_published_item_cannot_be_edited(world, branch_secretary):
    item = in_state(world, "published")
    with pytest.raises(Conflict):
        actions.update_news(item, by=branch_secretary, data={"title": "改"})


def test_another_branch_cannot_see_or_touch_a_draft(world, outsider):
    item = in_state(world, "draft")
    with pytest.raises(NotFound):
        workflow.check(item, "submit", outsider)
    assert not NewsItem.objects.visible_to(outsider).filter(pk=item.pk).exists()


def test_members_read_published_items_only(world, branch_member):
    drafts = [in_state(world, s) for s in ("draft", "submitted", "returned", "withdrawn")]
    pub = in_state(world, "published")
    seen = set(NewsItem.objects.visible_to(branch_member).values_list("pk", flat=True))
    assert seen == {pub.pk} and not seen & {d.pk for d in drafts}


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor"])
def test_system_roles_may_not_write_or_review(world, who):
    user = world.users[who]
    with pytest.raises(Forbidden):
        news(user, world.branch_a)
    item = in_state(world, "submitted")
    assert not NewsItem.objects.visible_to(user).exists()
    with pytest.raises(NotFound):
        workflow.check(item, "approve", user)


def test_a_member_cannot_write(world, branch_member):
    with pytest.raises(Forbidden):
        news(branch_member, world.branch_a)


def test_a_committee_cannot_write_for_itself(world, committee_admin):
    with pytest.raises(Invalid):  # not among the organisations offered (nobody above to review it)
        news(committee_admin, world.committee)


def test_wrong_file_types_are_refused_by_content(world, branch_secretary):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("照片.jpg", b"%PDF-1.4 fake", "image/jpeg")
    with pytest.raises(Invalid, match="不是图片"):
        news(branch_secretary, world.branch_a, photos=[pdf])
    script = SimpleUploadedFile("a.png", b"<script>alert(1)</script>", "image/png")
    with pytest.raises(Invalid):
        news(branch_secretary, world.branch_a, photos=[script])
    assert not NewsItem.objects.exists() and not NewsPhoto.objects.exists()


def test_too_many_photos_are_refused(world, branch_secretary):
    with pytest.raises(Invalid, match="最多9张"):
        news(branch_secretary, world.branch_a, photos=[png(f"{i}.png") for i in range(10)])


def test_photo_metadata_is_stripped(world, branch_secretary):
    item = news(branch_secretary, world.branch_a, photos=[jpeg_with_exif()])
    data = item.photos.get().file.read()
    assert data.startswith(b"\xff\xd8") and b"GPSLatitude" not in data and b"JFIF" in data


def test_huge_strings_are_refused_with_a_message(world, branch_secretary):
    with pytest.raises(Invalid, match="标题不能超过100个字"):
        news(branch_secretary, world.branch_a, title="长" * 5000)
    with pytest.raises(Invalid, match="正文不能超过20000个字"):
        news(branch_secretary, world.branch_a, body="长" * 30000)


def test_a_future_date_is_refused(world, branch_secretary):
    import datetime

    from core import dates

    with pytest.raises(Invalid, match="不能晚于今天"):
        news(branch_secretary, world.branch_a, day=dates.today() + datetime.timedelta(days=2))


def test_available_matches_run_for_every_state_and_persona(world):
    personas = {k: world.users[k] for k in ("committee_admin", "branch_secretary", "branch_member", "outsider")}
    personas["sysadmin"] = world.users["sysadmin"]
    problems = workflow_mismatches(
        NEWS,
        states=["draft", "submitted", "returned", "published", "withdrawn"],
        make=lambda s: in_state(world, s),
        personas=personas,
        data=lambda name, obj: {"reason": "理由", "comment": ""},
    )
    assert problems == []


def test_a_general_branch_admin_reviews_the_branches_below(world, branch_secretary):
    gb = world.committee.add_child(name="统计局党总支", kind="general_branch")
    br = gb.add_child(name="统计局第三党支部", kind="branch")
    gb_admin = make_user("gb_admin", roles=[("org_admin", gb)])
    br_admin = make_user("br_admin", roles=[("org_admin", br)])
    item = news(br_admin, br)
    actions.run(item, "submit", by=br_admin)
    assert actions.run(item, "approve", by=gb_admin).state == "published"

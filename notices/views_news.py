"""Pages of 党建动态: the subtree's news page, writing and editing (with photos), the organisation's drafts, the
review queue, an item's page with its transitions, and the public portal 党建网 (no login).

The portal reaches published items only, through `NewsItem.objects.published()`, and shows their masked public
copies with the organisation's name, the date and the photos — never an author, a reviewer or a name from the
register; a photo is served publicly only while its item is published. Everything else is scoped by
`visible_to(user)`: another branch's drafts and their photos answer 404."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates, workflow
from core.errors import NotFound
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_news as actions
from . import rules_news, todos_news
from .models_news import NewsItem, NewsPhoto, NewsState

PAGE_SIZE = 12
STATE_TABS = [("", "全部"), *[(s.value, s.label) for s in NewsState]]


def _with_photos(qs):
    return qs.select_related("org").prefetch_related(
        Prefetch("photos", queryset=NewsPhoto.objects.order_by("position", "id"))
    )


def _page(request, qs, size=PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def _serve(photo, *, public=False):
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type, as_attachment=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=300" if public else "private, max-age=300"
    return response


# ---------------------------------------------------------------- logged in


@login_required
def news_list(request):
    """党建动态: the published items of the user's subtree, newest first, with their photos."""
    user = request.user
    require_verb(user, "notices.read_news")
    qs = _with_photos(NewsItem.objects.visible_to(user).published().newest_first())
    org_id = id_param(request.GET.get("org"))
    org = None
    if org_id:
        org = get_object_for_user(Organisation, org_id, user)
        qs = qs.filter(org__path__startswith=org.path)
    return render(
        request,
        "notices/news/list.html",
        {
            "page": _page(request, qs),
            "org": org,
            "may_write": rules_news.may_write(user),
            "portal_root": rules_news.portal_root(user),
        },
    )


@login_required
def news_manage(request):
    """稿件管理: every item of the organisations the user administers, in any state."""
    user = request.user
    require_verb(user, "notices.write_news")
    qs = NewsItem.objects.visible_to(user).filter(pk__in=NewsItem.objects.administered_by(user).values("pk"))
    state = request.GET.get("state") or ""
    if state in NewsState.values:
        qs = qs.filter(state=state)
    qs = qs.select_related("org", "author").order_by("-updated_at", "-id")
    return render(
        request,
        "notices/news/manage.html",
        {"page": _page(request, qs, 30), "state": state, "states": STATE_TABS},
    )


@login_required
def news_review(request):
    """动态审核: the items of the branches below the user waiting for her review."""
    user = request.user
    require_verb(user, "notices.review_news")
    qs = _with_photos(todos_news._waiting(user).order_by("submitted_at", "id"))
    page = _page(request, qs, 30)
    for item in page:
        item.actions = _transitions(item, user)
    return render(request, "notices/news/review.html", {"page": page})


def _transitions(item, user):
    wf = workflow.of(item)
    return [(t, wf.form(item, t) if t.form else None) for t in wf.available(item, user)]


def _item(request, pk):
    return get_object_for_user(NewsItem.objects.select_related("org", "author", "decided_by"), pk, request.user)


@login_required
def news_detail(request, pk):
    item = _item(request, pk)
    user = request.user
    return render(
        request,
        "notices/news/detail.html",
        {
            "item": item,
            "photos": list(item.photos.order_by("position", "id")),
            "actions": _transitions(item, user),
            "may_edit": item.state in actions.EDITABLE_STATES
            and rules_news.verb_allows("notices.edit_news", user, item),
            "transition_base": reverse("notices:news_detail", args=[item.pk]) + "transition/",
        },
    )


@login_required
def news_create(request):
    user = request.user
    require_verb(user, "notices.write_news")
    form = actions.news_form(
        user, request.POST or None, initial={"org": _default_org(user), "date": dates.today().isoformat()}
    )
    return form_page(
        request,
        form,
        action=lambda: actions.create_news(by=user, data=request.POST, photos=request.FILES.getlist("photos")),
        success=lambda item: f"已保存党建动态《{item.title}》（草稿），提交审核后由上级党组织审核发布。",
        redirect_to=lambda item: reverse("notices:news_detail", args=[item.pk]),
        template="notices/news/form.html",
        title="写动态",
        subtitle="记述本支部的活动和工作；上级党组织审核通过后在党建动态和党建网发布（党建网不显示撰稿人和人员姓名）。",
        back_url=reverse("notices:news_manage"),
        back_label="稿件管理",
        submit_label="保存草稿",
        multipart=True,
        testid="news-form",
        photos=[],
    )


def _default_org(user):
    orgs = list(rules_news.writer_orgs(user)[:2])
    return orgs[0].pk if len(orgs) == 1 else None


@login_required
def news_edit(request, pk):
    item = _item(request, pk)
    user = request.user
    require_verb(user, "notices.edit_news", item)
    if item.state not in actions.EDITABLE_STATES:
        message = f"该动态{item.state_label}，不能修改；退回或撤稿后才能修改。"
        return render(request, "core/error.html", {"code": 409, "message": message}, status=409)
    form = actions.news_form(user, request.POST or None, item=item, initial=actions.form_data(item))
    return form_page(
        request,
        form,
        action=lambda: actions.update_news(
            item,
            by=user,
            data=request.POST,
            photos=request.FILES.getlist("photos"),
            remove=request.POST.getlist("remove_photos"),
        ),
        success=lambda i: f"已保存党建动态《{i.title}》。",
        redirect_to=lambda i: reverse("notices:news_detail", args=[i.pk]),
        template="notices/news/form.html",
        title=f"修改动态：{item.title}",
        subtitle=f"退回理由：{item.reason}" if item.state == NewsState.RETURNED and item.reason else "",
        back_url=reverse("notices:news_detail", args=[item.pk]),
        back_label="返回动态",
        multipart=True,
        testid="news-form",
        photos=list(item.photos.order_by("position", "id")),
    )


@login_required
@require_POST
def news_transition(request, pk, name):
    item = _item(request, pk)
    t = workflow.of(item).transition(name)
    return post_action(
        request,
        lambda: actions.run(item, name, by=request.user, data=request.POST),
        success=lambda i: f"已{t.label}：《{i.title}》。",
        next_default=reverse("notices:news_detail", args=[item.pk]),
    )


@login_required
def news_photo(request, pk):
    photo = get_object_for_user(NewsPhoto, pk, request.user)
    return _serve(photo)


# ---------------------------------------------------------------- 党建网 (public, no login)


def _public_items():
    return _with_photos(NewsItem.objects.published().newest_first())


def portal(request, org_id=None):
    """党建网: the published news of an organisation's subtree (of every tree without one), newest first."""
    org = None
    qs = _public_items()
    if org_id is not None:
        org = Organisation.objects.filter(pk=id_param(str(org_id)) or 0).first()
        if org is None:
            raise NotFound()
        qs = qs.filter(org__path__startswith=org.path)
    page = _page(request, qs)
    parent = org.get_parent() if org is not None and org.depth > 1 else None
    return render(request, "notices/news/portal.html", {"page": page, "org": org, "parent": parent})


def portal_detail(request, pk):
    item = _public_items().filter(pk=id_param(str(pk)) or 0).first()
    if item is None:
        raise NotFound()
    return render(request, "notices/news/portal_detail.html", {"item": item, "photos": list(item.photos.all())})


def portal_photo(request, pk):
    photo = NewsPhoto.objects.published().filter(pk=id_param(str(pk)) or 0).first()
    if photo is None:
        raise NotFound()
    return _serve(photo, public=True)

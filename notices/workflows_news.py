"""The approval chain of 党建动态, declared on core.workflow:

    草稿 ─提交→ 待审核 ─通过并发布→ 已发布 ─撤稿（理由）→ 已撤稿
                    └退回修改（理由）→ 已退回 ─（修改后）重新提交→ 待审核

A 党务管理员 of the item's organisation (a 党支部) writes and submits it; a 党务管理员 of an organisation above it
(the committee) approves or returns it; a withdrawn or returned item is edited and submitted again. Publishing
writes the public copies of title and body with the names of people from the register masked, and announces
`news_published` (plans completes the chosen 宣传报道 time node); withdrawing announces `news_withdrawn` (plans
reopens it). Pages, the API's `actions` and templates show exactly `available()`.
"""

from django.db.models import Q
from django.utils import timezone

from core.workflow import Transition, Workflow

from .forms_news import CommentForm, ReasonForm
from .models_news import NewsItem, NewsState
from .signals_news import news_published, news_withdrawn


def _people_names(item):
    """Names of the people in the register of the item's organisation, its subtree and the organisations above
    it (whose cadres appear in a branch's news), longest first so a longer name is masked before a part of it."""
    from orgs.models import Organisation, Person

    path, step = item.org.path, Organisation.steplen
    above = [path[:n] for n in range(step, len(path), step)]
    names = Person.objects.filter(Q(org__path__startswith=path) | Q(org__path__in=above))
    return sorted({n for n in names.values_list("name", flat=True) if n and len(n) >= 2}, key=len, reverse=True)


def mask_names(text, names):
    """王秀英 → 王某某, 李娜 → 李某: the portal names no one from the register."""
    for name in names:
        if name in text:
            text = text.replace(name, name[0] + "某" * (len(name) - 1))
    return text


def _submit(item, ctx):
    item.submitted_at = timezone.now()


def _decided(item, ctx, reason=""):
    item.decided_by, item.decided_at, item.reason = ctx.by, timezone.now(), reason[:200]


def _approve(item, ctx):
    _decided(item, ctx)
    item.published_at = timezone.now()
    names = _people_names(item)
    item.public_title, item.public_body = mask_names(item.title, names), mask_names(item.body, names)
    answers = news_published.send(sender=NewsItem, item=item, by=ctx.by)
    item.occurrence_completed = any(answer is True for _receiver, answer in answers)
    ctx.audit["occurrence_completed"] = item.occurrence_completed
    if ctx.data.get("comment"):
        ctx.audit["comment"] = ctx.data["comment"]


def _return(item, ctx):
    _decided(item, ctx, ctx.data["reason"])


def _withdraw(item, ctx):
    _decided(item, ctx, ctx.data["reason"])
    if item.occurrence_completed:
        news_withdrawn.send(sender=NewsItem, item=item, by=ctx.by)
        ctx.audit["occurrence_reopened"] = item.occurrence_ref
    item.occurrence_completed = False
    item.public_title = item.public_body = ""


NEWS = Workflow(
    "notices.newsitem",
    model=NewsItem,
    states=NewsState,
    lock_related=("org",),
    audit_org=lambda item: item.org,
    audit_fields=[
        "org",
        "title",
        "date",
        "state",
        "occurrence_ref",
        "occurrence_completed",
        "reason",
        "published_at",
    ],
    transitions=[
        Transition(
            "submit",
            "提交审核",
            [NewsState.DRAFT, NewsState.RETURNED, NewsState.WITHDRAWN],
            NewsState.SUBMITTED,
            "notices.edit_news",
            effect=_submit,
            conflict=lambda item: f"该动态{item.state_label}，不能提交审核。",
        ),
        Transition(
            "approve",
            "通过并发布",
            [NewsState.SUBMITTED],
            NewsState.PUBLISHED,
            "notices.review_news",
            form=CommentForm,
            effect=_approve,
            conflict=lambda item: f"该动态{item.state_label}，不在审核中。",
            style="success",
        ),
        Transition(
            "return",
            "退回修改",
            [NewsState.SUBMITTED],
            NewsState.RETURNED,
            "notices.review_news",
            form=ReasonForm,
            effect=_return,
            conflict=lambda item: f"该动态{item.state_label}，不在审核中。",
            style="outline-danger",
        ),
        Transition(
            "withdraw",
            "撤稿",
            [NewsState.PUBLISHED],
            NewsState.WITHDRAWN,
            "notices.withdraw_news",
            form=ReasonForm,
            effect=_withdraw,
            conflict=lambda item: f"该动态{item.state_label}，只有已发布的动态可以撤稿。",
            style="outline-danger",
            confirm="撤稿后该动态将从党建动态和党建网上撤下，它完成的宣传报道节点也将撤销完成登记。确定撤稿吗？",
        ),
    ],
)

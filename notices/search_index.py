"""Notices in the shared search index (see search/registry.py): published and archived ones, never drafts."""

from django.urls import reverse

from core import dates


def notice_document(notice):
    from search.registry import Document

    from .models_notices import NoticeState

    if notice.state == NoticeState.DRAFT:
        return None
    when = notice.published_at.astimezone(dates.SHANGHAI).date() if notice.published_at else None
    return Document(org=notice.org, title=notice.title, body=notice.body, date=when, type=notice.state)


def register():
    from search.registry import register as register_kind

    from .models_notices import Notice, NoticeState

    register_kind(
        "notice",
        label="通知公告",
        model=Notice,
        document=notice_document,
        url=lambda pk: reverse("notices:notice_detail", args=[pk]),
        queryset=lambda: Notice.objects.select_related("org"),
        type_labels={NoticeState.PUBLISHED.value: "已发布", NoticeState.ARCHIVED.value: "已归档"},
        asks=("通知", "公告"),
    )
    # ---- news ---- (the app offers one register function for its kinds)
    from . import search_news

    search_news.register()

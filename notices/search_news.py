"""党建动态 in the shared search index (see search/registry.py): published items only; a draft, a returned or a
withdrawn item leaves the index (its document is None)."""

from django.urls import reverse


def news_document(item):
    from search.registry import Document

    from .models_news import NewsState

    if item.state != NewsState.PUBLISHED:
        return None
    return Document(org=item.org, title=item.title, body=item.body, date=item.date, type="news")


def register():
    from search.registry import register as register_kind

    from .models_news import NewsItem

    register_kind(
        "news",
        label="党建动态",
        model=NewsItem,
        document=news_document,
        url=lambda pk: reverse("notices:news_detail", args=[pk]),
        queryset=lambda: NewsItem.objects.select_related("org"),
        type_labels={"news": "党建动态"},
        asks=("党建动态", "新闻", "报道"),
    )

"""What plans does when other modules announce something (connected in PlansConfig.ready())."""

from django.dispatch import receiver

from records.signals import record_filed


@receiver(record_filed, dispatch_uid="plans.complete_occurrences_of_a_filed_record")
def complete_occurrences(sender, *, record, by, **kwargs):
    """A filed or changed record completes the open occurrences it fulfils (一解: the items of its type),
    in the record's own transaction."""
    from .actions import link_record

    link_record(record, by=by)


# ---- news: a published 党建动态 completes the 宣传报道 node it chose; withdrawing it reopens the node ----
from notices.signals_news import news_published, news_withdrawn  # noqa: E402


@receiver(news_published, dispatch_uid="plans.complete_the_news_occurrence")
def complete_news_occurrence(sender, *, item, by, **kwargs):
    from .news import complete_for

    return complete_for(item, by=by)


@receiver(news_withdrawn, dispatch_uid="plans.reopen_the_news_occurrence")
def reopen_news_occurrence(sender, *, item, by, **kwargs):
    from .news import undo_for

    return undo_for(item, by=by)

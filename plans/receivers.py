"""What plans does when other modules announce something (connected in PlansConfig.ready())."""

from django.dispatch import receiver

from records.signals import record_filed


@receiver(record_filed, dispatch_uid="plans.complete_occurrences_of_a_filed_record")
def complete_occurrences(sender, *, record, by, **kwargs):
    """A filed or changed record completes the open occurrences it fulfils (一解: the items of its type),
    in the record's own transaction."""
    from .actions import link_record

    link_record(record, by=by)

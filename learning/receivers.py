"""The records' event credits study hours (records name no module; this one subscribes)."""

from django.dispatch import receiver

from records.signals import record_filed

from .hours import credit_record


@receiver(record_filed)
def credit_attendees(sender, record, by, created, **kwargs):
    credit_record(record)

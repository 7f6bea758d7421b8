"""Reminders (提醒): the public API other modules use, the registry of reminder sources and the daily collection.

* `notify(person, *, key, title, body="", url="")` — remind one person now, through every channel she chose
  (in-app always). One Delivery row per (person, key, channel): asking twice delivers once.
* A module offers the day's due reminders with
  `contributes = {"notices.reminders": "<app>.<file>.due_reminders"}`, where
  `due_reminders(today) -> iterable of {"person", "key", "title", "body", "url"}`; `collect(today)` (the
  command `send_reminders`, and the worker's 8:00 clock) notifies each.
* Each delivery is sent by a background task (django-tasks: `notices.tasks_reminders.deliver`); a failed attempt
  is retried with back-off (REMINDER_RETRY_SECONDS × 4^(n-1)) up to REMINDER_MAX_ATTEMPTS, then given up.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core import dates
from core.modules import contributions

from . import channels
from .models_reminders import Channel, Delivery, DeliveryStatus, ReminderPreference, ReminderRun

logger = logging.getLogger(__name__)

POINT = "notices.reminders"
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)
# A delivery still pending this long after it was made lost its task (the queue was down): the sweep queues it.
LOST_AFTER = datetime.timedelta(minutes=10)


def max_attempts() -> int:
    return max(1, int(getattr(settings, "REMINDER_MAX_ATTEMPTS", 5)))


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before attempt n+1 after n failed ones: 1, 4, 16 … times REMINDER_RETRY_SECONDS."""
    base = float(getattr(settings, "REMINDER_RETRY_SECONDS", 60))
    return datetime.timedelta(seconds=base * 4 ** max(0, attempts - 1))


# ---------------------------------------------------------------- making deliveries


def notify(person, *, key, title, body="", url=""):
    """Remind `person` now through each channel she chose; the deliveries made (none: she had them all already).

    `key` names the reminder ("notices.notice.12.unsigned"): a (person, key) is delivered at most once per
    channel, so a source may offer the same reminder every day until it is done."""
    key, title = str(key)[:200], str(title)[:200]
    preference = ReminderPreference.objects.filter(person=person).first()
    made = []
    for channel in channels.CHANNELS.values():
        if not channel.chooses(person, preference):
            continue
        if Delivery.objects.filter(person=person, key=key, channel=channel.code).exists():
            continue
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    person=person,
                    org_id=person.org_id,
                    key=key,
                    channel=channel.code,
                    title=title,
                    body=str(body or ""),
                    url=str(url or "")[:500],
                    target=channel.target(person, preference)[:200],
                )
        except IntegrityError:  # made by a concurrent run a moment ago: that one delivers it
            continue
        made.append(delivery)
    for delivery in made:
        if delivery.channel == Channel.IN_APP:
            deliver(delivery.pk)  # a row in this database, no network: delivered at once, no task to wait for
        else:
            enqueue(delivery.pk)
    return made


def enqueue(delivery_id, run_after=None):
    """Queue the delivery's task (on the database backend: for the worker; with the immediate one: at once)."""
    from .tasks_reminders import deliver

    task = deliver
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None  # the immediate backend cannot wait: the retry sweep (`retry_due`) picks it up
        task = task.using(run_after=run_after)
    try:
        return task.enqueue(delivery_id)
    except Exception:  # the queue is down: the delivery stays open and the sweep queues it again
        logger.exception("reminder delivery %s could not be queued", delivery_id)
        return None


# ---------------------------------------------------------------- sending one


def deliver(delivery_id, now=None):
    """Attempt one delivery (the task's body). Claims the row first, so two workers never both send it; a sent
    delivery is never sent again. Returns the status afterwards (None: nothing to do)."""
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status__in=OPEN).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    if not claimed.update(status=DeliveryStatus.SENDING, attempted_at=now):
        return None
    delivery = Delivery.objects.select_related("person", "person__org").get(pk=delivery_id)
    preference = ReminderPreference.objects.filter(person_id=delivery.person_id).first()
    attempts = delivery.attempts + 1
    try:
        channels.get(delivery.channel).send(delivery, preference)
    except channels.ChannelError as e:
        error = str(e)
    except Exception as e:  # a bug in a channel must not leave the row "sending" for ever
        logger.exception("reminder delivery %s failed unexpectedly", delivery_id)
        error = f"{type(e).__name__}: {e}"[:300]
    else:
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.SENT, attempts=attempts, sent_at=timezone.now(), next_attempt_at=None
        )
        return DeliveryStatus.SENT
    if attempts >= max_attempts():
        Delivery.objects.filter(pk=delivery_id).update(
            status=DeliveryStatus.FAILED, attempts=attempts, last_error=error, next_attempt_at=None
        )
        return DeliveryStatus.FAILED
    retry_at = timezone.now() + backoff(attempts)
    Delivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.RETRYING, attempts=attempts, last_error=error, next_attempt_at=retry_at
    )
    enqueue(delivery_id, run_after=retry_at)
    return DeliveryStatus.RETRYING


def retry_due(now=None) -> int:
    """Queue again the open deliveries whose time has come (a retry the backend could not defer, or a task lost
    with a queue that was down). Deliveries a task is already waiting for are simply claimed by whichever runs
    first; the other finds nothing to do."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(status__in=OPEN)
        .filter(Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, created_at__lte=now - LOST_AFTER))
        .values_list("pk", flat=True)[:1000]
    )
    for pk in due:
        enqueue(pk)
    return len(due)


# ---------------------------------------------------------------- the daily collection


def sources():
    """(module, due_reminders) for every module offering reminders."""
    return contributions(POINT)


def collect(today=None) -> dict:
    """Notify every reminder the sources say is due `today`: {"due": offered, "created": deliveries made}.

    Safe to run twice a day (or by two workers at once): what was delivered is not made again. A source that
    fails is logged and skipped, so one broken module does not stop the others' reminders."""
    today = today or dates.today()
    due = created = 0
    for module, due_reminders in sources():
        try:
            items = list(due_reminders(today))
        except Exception:
            logger.exception("reminder source of %s failed", module.label)
            continue
        for item in items:
            due += 1
            person = item.get("person")
            if person is None or not item.get("key") or not item.get("title"):
                logger.warning("reminder source of %s offered an incomplete item: %r", module.label, item)
                continue
            created += len(
                notify(person, key=item["key"], title=item["title"], body=item.get("body", ""), url=item.get("url", ""))
            )
    return {"due": due, "created": created}


def run_daily(today=None, *, force=False) -> dict | None:
    """The day's collection once per day (whatever the number of workers): None if it ran already today."""
    today = today or dates.today()
    try:
        with transaction.atomic():
            run, made = ReminderRun.objects.get_or_create(day=today)
    except IntegrityError:
        made = False
        run = ReminderRun.objects.get(day=today)
    if not made and not force:
        return None
    result = collect(today)
    ReminderRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), created=result["created"])
    return result


def daily_due(now=None) -> bool:
    """Whether the day's collection should run now: it is past REMINDER_HOUR (8:00 Asia/Shanghai) and has not run."""
    local = timezone.localtime(now or timezone.now())
    hour = int(getattr(settings, "REMINDER_HOUR", 8))
    return local.hour >= hour and not ReminderRun.objects.filter(day=local.date()).exists()

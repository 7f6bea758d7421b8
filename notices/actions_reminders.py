"""The writes of the reminders made by people: a person's channel choices, an organisation's robots, marking
messages read. Each checks its verb, validates, runs in one transaction and is audited. (The deliveries are
written by the background tasks, notices/reminders.py: the delivery log is their record.)"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import NotFound
from core.forms import validate
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import channels
from . import rules_reminders as _rules  # noqa: F401  (declares the verbs)
from .forms_reminders import PreferenceForm, RobotForm
from .models_reminders import Channel, Message, ReminderPreference, RobotSetting

PREFERENCE_FIELDS = ["email", "email_address", "wecom", "dingtalk"]


def my_person(user) -> Person:
    require_verb(user, "notices.set_reminder_preferences")
    person = Person.objects.select_related("org").filter(pk=user.person_id).first()
    if person is None:
        raise NotFound()
    return person


def robots_reaching(person) -> dict:
    """{channel: the organisation whose robot reaches the person, or None}."""
    out = {}
    for code in (Channel.WECOM, Channel.DINGTALK):
        robot = channels.robot_for(person.org, code)
        out[code] = robot.org if robot else None
    return out


def preference_initial(person) -> dict:
    pref = ReminderPreference.objects.filter(person=person).first()
    if pref is None:
        return {"email": False, "email_address": "", "wecom": False, "dingtalk": False}
    return {f: getattr(pref, f) for f in PREFERENCE_FIELDS}


def preference_form(person, data=None) -> PreferenceForm:
    return PreferenceForm(data, initial=preference_initial(person), robots=robots_reaching(person))


def set_preferences(*, by, data) -> ReminderPreference:
    """提醒设置: the caller's own channels (in-app is always on)."""
    person = my_person(by)
    cleaned = validate(preference_form(person, data))
    with transaction.atomic():
        pref, _ = ReminderPreference.objects.select_for_update().get_or_create(person=person)
        before = audit.snapshot(pref, PREFERENCE_FIELDS)
        for f in PREFERENCE_FIELDS:
            setattr(pref, f, cleaned[f])
        if before != audit.snapshot(pref, PREFERENCE_FIELDS):
            pref.save()
            audit.record(
                "notices.reminderpreference.update",
                by=by,
                obj=pref,
                before=before,
                after=audit.snapshot(pref, PREFERENCE_FIELDS),
            )
    return pref


def robot_org(user, org_id) -> Organisation:
    """The organisation whose robots the user sets: outside her scope 404, inside but not hers 403."""
    org = get_object_for_user(Organisation, org_id, user)
    require_verb(user, "notices.set_robots", org)
    return org


def robot_current(org) -> dict:
    robot = RobotSetting.objects.filter(org=org).first()
    if robot is None:
        return {}
    return {Channel.WECOM: robot.wecom_webhook, Channel.DINGTALK: robot.dingtalk_webhook}


def set_robots(org_id, *, by, data) -> RobotSetting:
    """群机器人设置: an organisation's webhook URLs (checked: HTTPS at the vendors' hosts); empty keeps, the clear
    boxes delete. The audit keeps them masked."""
    org = robot_org(by, org_id)
    cleaned = validate(RobotForm(data, current=robot_current(org)))
    with transaction.atomic():
        robot, _ = RobotSetting.objects.select_for_update().get_or_create(org=org)
        before = {
            "wecom": channels.mask_webhook(robot.wecom_webhook),
            "dingtalk": channels.mask_webhook(robot.dingtalk_webhook),
        }
        for code, name in ((Channel.WECOM, "wecom_webhook"), (Channel.DINGTALK, "dingtalk_webhook")):
            if cleaned.get(f"clear_{code}"):
                setattr(robot, name, "")
            elif cleaned.get(name):
                setattr(robot, name, cleaned[name])
        after = {
            "wecom": channels.mask_webhook(robot.wecom_webhook),
            "dingtalk": channels.mask_webhook(robot.dingtalk_webhook),
        }
        changed = (robot.wecom_webhook, robot.dingtalk_webhook) != tuple(
            RobotSetting.objects.filter(pk=robot.pk).values_list("wecom_webhook", "dingtalk_webhook").first()
            or ("", "")
        )
        if changed:
            robot.updated_by = by
            robot.save()
            audit.record("notices.robotsetting.update", by=by, obj=robot, org=org, before=before, after=after)
    return robot


def mark_read(message_id, *, by) -> Message:
    """Mark one of the caller's messages read (again: nothing changes)."""
    require_verb(by, "notices.read_messages")
    message = get_object_for_user(Message, message_id, by)
    with transaction.atomic():
        updated = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=timezone.now())
        if updated:
            audit.record("notices.message.read", by=by, obj=message, org=message.person.org, after={"read": 1})
    message.refresh_from_db()
    return message


def mark_all_read(*, by) -> int:
    require_verb(by, "notices.read_messages")
    with transaction.atomic():
        count = Message.objects.visible_to(by).filter(read_at__isnull=True).update(read_at=timezone.now())
        if count:
            person = Person.objects.select_related("org").get(pk=by.person_id)
            audit.record(
                "notices.message.read_all",
                by=by,
                obj=person,
                org=person.org,
                object_type="notices.Message",
                object_repr=f"{person.name}的站内消息",
                after={"read": count},
            )
    return count

import datetime

from core.errors import Invalid
from core.forms import bad_date_message
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import registry


def parse_filters(user, *, org=None, type=None, kind=None, date_from=None, date_to=None):
    """Validated filters for the engine; an organisation outside the user's scope is a 404."""
    out = {}
    if org not in (None, ""):
        out["org"] = get_object_for_user(Organisation, org, user)
    if kind:
        if kind not in registry.KINDS:
            raise Invalid("类别不存在。", {"kind": [f"可选：{'、'.join(registry.KINDS)}"]})
        out["kind"] = kind
    if type:
        known = {code for k in registry.KINDS.values() for code in k.type_labels}
        if type not in known:
            raise Invalid("类型不存在。", {"type": ["类型不存在。"]})
        out["type"] = type
    for name, value, label in (("date_from", date_from, "起始日期"), ("date_to", date_to, "截止日期")):
        if value in (None, ""):
            continue
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                msg = bad_date_message(label)
                raise Invalid(msg, {name: [msg]})
        out[name] = value
    if out.get("date_from") and out.get("date_to") and out["date_from"] > out["date_to"]:
        raise Invalid("起始日期不能晚于截止日期。", {"date_to": ["起始日期不能晚于截止日期。"]})
    return out

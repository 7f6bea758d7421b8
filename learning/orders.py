"""资料征订: an offer's orders summed per material and per organisation (those the reader sees)."""

from dataclasses import dataclass, field
from decimal import Decimal

from .models_extras import MaterialOrder


@dataclass
class OrgRow:
    org: object
    quantities: dict = field(default_factory=dict)  # {item id: n}
    amount: Decimal = Decimal("0")


@dataclass
class Summary:
    items: list
    rows: list  # [OrgRow] by the organisations' order in the tree
    item_totals: dict  # {item id: n}
    item_amounts: dict  # {item id: amount}
    amount: Decimal


def summary(offer, user):
    """Two queries: the offer's materials and the orders the user reads (an organisation's own orders for its
    admin, every order for the committee's)."""
    items = list(offer.items.all())
    prices = {i.pk: i.price for i in items}
    lines = (
        MaterialOrder.objects.visible_to(user)
        .filter(item__offer=offer)
        .select_related("org")
        .order_by("org__path", "item_id")
    )
    rows, totals = {}, {}
    for line in lines:
        row = rows.setdefault(line.org_id, OrgRow(line.org))
        row.quantities[line.item_id] = line.quantity
        row.amount += prices[line.item_id] * line.quantity
        totals[line.item_id] = totals.get(line.item_id, 0) + line.quantity
    amounts = {pk: prices[pk] * n for pk, n in totals.items()}
    return Summary(items, list(rows.values()), totals, amounts, sum(amounts.values(), Decimal("0")))

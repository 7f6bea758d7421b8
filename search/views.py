from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from core.errors import Invalid
from core.verbs import require_verb
from orgs.models import Organisation

from . import engine, registry
from .forms import parse_filters
from .query import MAX_QUERY_CHARS


@login_required
def results(request):
    """The search page: an answer card (the date, person or number asked for, and the filters understood from
    the question with a link to search the words as typed, `literal=1`), then the ranked hits."""
    require_verb(request.user, "search.use_search")
    g = request.GET
    q = g.get("q", "")
    context = {
        "q": q[:MAX_QUERY_CHARS],
        "too_long": len(q) > MAX_QUERY_CHARS,
        "kinds": registry.KINDS.values(),
        "types": [(c, lbl) for k in registry.KINDS.values() for c, lbl in k.type_labels.items()],
        "orgs": Organisation.objects.visible_to(request.user).only("id", "name"),
    }
    try:
        filters = parse_filters(
            request.user,
            org=g.get("org") or None,
            type=g.get("type") or None,
            kind=g.get("kind") or None,
            date_from=g.get("date_from") or None,
            date_to=g.get("date_to") or None,
        )
    except Invalid as e:
        context["error"] = e.detail
        filters = None
    page = int(g["page"]) if g.get("page", "").isdigit() and 0 < int(g["page"]) < 1000 else 1
    literal = g.get("literal", "") not in ("", "0")
    if filters is not None and q.strip():
        res = engine.search(request.user, q, page=page, page_size=20, literal=literal, **filters)
        context.update(results=res, filters=filters, page_no=page, has_next=res.count > page * 20, has_prev=page > 1)
        context["error"] = context.get("error") or res.error
    return render(request, "search/results.html", context)

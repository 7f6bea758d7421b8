"""Pages of the 缩略语词典: the list (the defaults and the committees' own entries), add, edit, delete (to the
回收站, see search/trash.py).
Views parse, call an action (search/actions.py) and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ActionError
from core.pages import form_page
from core.scoping import get_object_for_user
from core.softdelete import RETENTION_DAYS
from core.verbs import require_verb
from core.views_trash import trash_message

from . import actions
from .forms_synonyms import SynonymForm
from .models_synonyms import Synonym
from .synonyms import defaults

PAGE = {"back_label": "缩略语词典", "max_width": "40rem"}


@login_required
def synonym_list(request):
    require_verb(request.user, "search.manage_synonyms")
    user = request.user
    entries = list(Synonym.objects.visible_to(user).select_related("org"))
    for e in entries:
        e.may_edit = user.has_perm("search.manage_synonyms", e)
    return render(request, "search/synonyms.html", {"entries": entries, "defaults": defaults()})


@login_required
def synonym_create(request):
    require_verb(request.user, "search.manage_synonyms")
    orgs = actions.synonym_orgs(request.user)
    initial = {"org": orgs.first()} if request.method == "GET" else {}
    return form_page(
        request,
        SynonymForm(request.POST or None, orgs=orgs, initial=initial),
        action=lambda: actions.create_synonym(by=request.user, data=request.POST),
        success=lambda e: f"已添加缩略语：{e.term}",
        redirect_to=reverse("search:synonym_list"),
        title="添加缩略语",
        subtitle="添加后，本党委及所属组织的党员检索这个缩略语时，会同时找到写着它的全称或其他说法的记录，反过来也一样。",
        back_url=reverse("search:synonym_list"),
        testid="synonym-form",
        **PAGE,
    )


def _entry(request, pk):
    return get_object_for_user(Synonym.objects.select_related("org"), pk, request.user)


@login_required
def synonym_edit(request, pk):
    entry = _entry(request, pk)
    require_verb(request.user, "search.manage_synonyms", entry)
    form = SynonymForm(
        request.POST or None,
        initial=actions.synonym_form_data(entry),
        orgs=type(entry.org).objects.filter(pk=entry.org_id),
    )
    form.fields["org"].disabled = True
    payload = {f: request.POST.get(f, "") for f in actions.FIELDS}
    return form_page(
        request,
        form,
        action=lambda: actions.update_synonym(entry, by=request.user, data=payload),
        success="已保存。",
        redirect_to=reverse("search:synonym_list"),
        template="search/synonym_form.html",
        title=f"修改缩略语：{entry.term}",
        back_url=reverse("search:synonym_list"),
        testid="synonym-form",
        entry=entry,
        retention_days=RETENTION_DAYS,
        **PAGE,
    )


@login_required
@require_POST
def synonym_delete(request, pk):
    entry = _entry(request, pk)
    term = entry.term
    try:
        actions.delete_synonym(entry, by=request.user)
    except ActionError as e:
        messages.error(request, e.detail)
        return redirect("search:synonym_edit", entry.pk)
    messages.success(request, trash_message("缩略语", term))
    return redirect("search:synonym_list")

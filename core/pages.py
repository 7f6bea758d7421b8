"""Page plumbing shared by every module: the form page and the post-action redirect.

A form page shows a bound form, calls one action on POST and either redirects with a success message or
shows the same form again, refilled, with the action's refusal next to the fields it names. A post action
is a button (a small form with only a CSRF token and perhaps a reason) that runs one action and goes back
to where the user came from. Views only parse input, call an action and render (ARCHITECTURE.md)."""

from django.contrib import messages
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

from .errors import ActionError
from .forms import add_errors


def _call(value, result):
    return value(result) if callable(value) else value


def safe_next(request, default):
    """The `next` the form posted when it is a path on this site, else `default` (a URL, a URL name or a model).

    Only local paths are followed ("/plans/3/"): an absolute URL, a scheme-relative "//host" or a backslash
    trick is ignored, so a crafted link cannot send a user elsewhere after pressing a button here."""
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if (
        nxt.startswith("/")
        and not nxt.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    ):
        return nxt
    return resolve_url(default)


def post_action(request, fn, *args, success, next_default, **kwargs):
    """Run `fn(*args, **kwargs)` for a button press and redirect to the safe `next` (or `next_default`).

    A refusal (ActionError) becomes an error message and changes nothing; otherwise `success` (a text, or a
    function of fn's result) becomes a success message. `next_default` may be a function of the result too
    (None when the action was refused)."""
    result = None
    try:
        result = fn(*args, **kwargs)
    except ActionError as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, _call(success, result))
    return redirect(safe_next(request, _call(next_default, result)))


def form_page(
    request,
    form,
    *,
    action,
    success,
    redirect_to,
    template="core/form_page.html",
    on_refused=None,
    **context,
):
    """Show `form`; on POST call `action()` and redirect to `redirect_to` with the `success` message.

    `action` takes no arguments (a lambda over the request's data) and raises ActionError to refuse; the page
    then shows the form again, refilled with what was posted, the action's messages added next to the fields
    they name (core.forms.add_errors: a message the form already shows is not repeated). Nothing is saved.
    `success` and `redirect_to` may be functions of the action's result; a function `success` may answer None
    to stay silent. `on_refused(exc)` may answer the form to show instead (a page that must rebuild it).

    The default template, core/form_page.html, reads from `context`: `title`, `back_url` and `back_label`
    (the pretitle link, also the 取消 button), `submit_label` (保存), `note` (a line under the fields),
    `multipart`, `novalidate`, `max_width` (CSS, e.g. "40rem") and `testid`; a page template may extend it."""
    if request.method == "POST":
        try:
            result = action()
        except ActionError as e:
            if on_refused is not None:
                form = on_refused(e) or form
            form.is_valid()
            add_errors(form, e)
        else:
            message = _call(success, result)
            if message:
                messages.success(request, message)
            return redirect(_call(redirect_to, result))
    return render(request, template, {"form": form, **context})

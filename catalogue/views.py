"""The shapes every kind's public pages share: a filtered list page, an item page (with the
staff preview), and a public proposal form."""

from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from . import protection
from .facets import active_filters
from .notifications import notify_editors
from .pagination import KeysFirstPaginator
from .search import attach_snippets
from .workflow import admin_url


def catalogue_list(request, filterset_class, queryset, template, extra=None, **context):
    """A filtered, faceted, paginated list page; shared by every catalogue list.

    `extra(request, filterset, context)` returns what one list adds to the context.

    An htmx request (a filter changed, or typing in the search box) gets just the list part,
    rendered by the same include the page uses; history restores get the whole page.
    """
    filterset = filterset_class(request.GET, queryset=queryset)
    facets = filterset.facets()
    paginator = KeysFirstPaginator(filterset.qs.for_cards(), settings.LIST_PAGE_SIZE)
    paginator.count = filterset.total  # counted with the facets, in the same query
    asked = request.GET.get("page", "").strip()
    page = paginator.get_page(asked)  # a bad page number falls back: the list says so
    context.update(
        page_asked=asked[:12] if asked and asked != str(page.number) else "",
        filter=filterset,
        search=filterset.search,
        facets=facets,
        chips=active_filters(request, facets),
        page_obj=page,
        page_range=paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        results=attach_snippets(page.object_list, filterset.search),
    )
    if extra:
        context.update(extra(request, filterset, context))
    if request.htmx and not request.htmx.history_restore_request:
        template = "includes/list_layout.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def render_item(request, template, item, context):
    """An item's public page. Only staff reach an unpublished one (`visible_to`): they see
    it as it will be published, under a banner, and the page is never cached nor indexed.
    The same for a published item with a pending change, shown by the admin's preview of
    that change (`request.revision_preview`, revisions_admin.py)."""
    preview = getattr(request, "revision_preview", None)
    if preview is None and not item.is_published:
        preview = {"state": item.get_state_display(), "edit_url": admin_url(item)}
    response = render(request, template, {**context, "preview": preview})
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def submission_form(request, form_class, *, kind, template, done, email, initial=None):
    """A public proposal form, shared by initiatives and publications: rate limit (the input
    kept), honeypot (looks like success, keeps nothing), save as a draft, tell the editors and
    confirm to the sender.
    `done` is the URL name of the thank-you page, `email` the editors' e-mail template,
    `initial` what the empty form shows filled in."""
    form = form_class(initial=initial)
    if request.method == "POST":
        screened = protection.screen(request, form_class, scope=kind, template=template, done=done)
        if screened:
            return screened
        form = form_class(request.POST)
        if form.is_valid():
            with transaction.atomic():  # the item and its e-mails are stored together
                notify_editors(request, form.save(), email)
            return redirect(done)
    return render(request, template, {"form": form})

"""What every kind's admin shares: workflow, history and restore, no lost updates, the image
preview, and the submitter's details of an item proposed through the site."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .access import may_view
from .editor import CountedTextarea
from .history_admin import HistoryAdmin
from .images import CatalogueImageField
from .lexicon_admin import SearchTermAdmin  # noqa: F401 -- registers the lexicon
from .locking import LockingAdmin
from .messages_admin import MessagesAdmin
from .pickers import PickerFieldsMixin, PickerSearchMixin, is_picker_request
from .revisions_admin import RevisionAdminMixin
from .search import SearchRequest, among, broad_limit, newest
from .workflow_admin import WorkflowAdminMixin


class ImagePreviewInput(AdminFileWidget):
    """The image upload, with the current image's thumbnail above it (from the row)."""

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        instance = getattr(value, "instance", None)
        thumbnail = instance.renditions().get("thumbnail") if instance and value else None
        if not thumbnail:
            return html
        return format_html(
            '<p><img src="{}" width="{}" height="{}" alt="{}"></p>{}',
            thumbnail.url,
            thumbnail.width,
            thumbnail.height,
            instance.image_alt,
            html,
        )


TAGS_HELP = _(
    "Words people find this by. Put a comma between the words, for example: cooking, "
    "meeting, young people."
)


# A number this long is no id: looked up as one it would overflow the column.
MAX_ID_DIGITS = 15


BROAD_MESSAGE = _(
    "More than %(limit)s items match. You see the newest %(limit)s, the best match first. "
    "Add a word or a filter to find fewer."
)


class CatalogueChangeList(ChangeList):
    """The list of a kind in the admin: it never reads the search vector and link arrays
    (a kilobyte a row, which a sort carries along), and a search lists the best matches
    first unless the editor sorts by a column."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters).without_search_index()
        # Django orders before it searches, so the search's rank comes first here.
        if ORDER_VAR not in self.params and "rank" in queryset.query.annotations:
            queryset = queryset.order_by("-rank", *queryset.query.order_by)
        return queryset


class IndexSearchMixin:
    """The admin searches as the site does: through the search index, ranked, stem-aware and
    typo-tolerant, over every state; the slug or the id finds an item too. Django's own
    search (LIKE over every row and field) took a second at 100,000 initiatives."""

    search_help_text = _(
        "Search by words from the title, summary, place or organisation, or by the web "
        "address (slug) or number."
    )

    def get_changelist(self, request, **kwargs):
        return CatalogueChangeList

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        exact = Q(slug=term)
        if term.isdigit() and len(term) <= MAX_ID_DIGITS:
            exact |= Q(pk=int(term))
        if not term.split()[1:] and queryset.filter(exact).exists():
            return queryset.filter(exact).annotate(rank=Value(1.0)), False  # what was meant
        search = SearchRequest(term, models_=[self.model])
        if search.query is None:
            return queryset.none().annotate(rank=Value(1.0)), False
        found = Q(search_vector=search.query)
        if search.corrections:  # an editor may look for a word only drafts hold yet
            as_typed = SearchRequest(term, models_=[self.model], correct=False)
            if as_typed.query is not None:
                found |= Q(search_vector=as_typed.query)
        # As on the site, a broad search ranks and counts its newest matches only.
        ids = newest(queryset.filter(found))
        limit = broad_limit()
        if len(ids) > limit and not is_picker_request(request):  # a picker shows no messages
            messages.info(request, BROAD_MESSAGE % {"limit": limit})
        return among(queryset, ids[:limit]).annotate(rank=search.rank()), False


class PublishableAdmin(
    PickerSearchMixin,
    IndexSearchMixin,
    PickerFieldsMixin,
    WorkflowAdminMixin,
    RevisionAdminMixin,
    HistoryAdmin,
    LockingAdmin,
    MessagesAdmin,
):
    """Shared by initiatives, cases and publications: workflow, slug and bookkeeping; changes
    to published items kept apart for review (RevisionAdminMixin); history and restore
    (HistoryAdmin), no lost updates (LockingAdmin); pickers (catalogue.pickers); messages
    that read right (MessagesAdmin).

    Each kind's list shows its key columns under short headings, so that they fit beside the
    filters at 1280 pixels (tests/browser/test_admin_layout.py): the title, the state, a fact
    of its own kind, and when it last changed."""

    prepopulated_fields = {"slug": ("title",)}
    list_filter = ["state"]
    search_fields = ["title"]  # shows the search box; IndexSearchMixin does the searching
    picker_name = "title"  # what a picker of initiatives or publications ranks by
    readonly_fields = ["published_at", "created_at", "updated_at", "created_by", "updated_by"]
    autocomplete_fields = ["themes", "target_groups"]
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default

    def action_checkbox(self, obj):
        """The box that selects a row for an action, as Django writes it, but without
        rendering a form widget's template for every row: that took a fifth of the list."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_list_filter(self, request):
        """By publication date: today, the past week, month or year. (Not a date hierarchy:
        it reads every row's date to offer its years, 40 ms at 100,000 items.)"""
        return [*super().get_list_filter(request), ("published_at", admin.DateFieldListFilter)]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, CatalogueImageField):
            kwargs["widget"] = ImagePreviewInput
        elif isinstance(db_field, TaggableManager):  # taggit's says "a list of tags"
            kwargs["help_text"] = TAGS_HELP
        elif db_field.name == "summary" and isinstance(db_field, models.CharField):
            kwargs["widget"] = CountedTextarea  # not one line that hides most of it
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("State"), ordering="state")
    def publishing_state(self, obj):
        return obj.get_state_display()

    @admin.display(description=_("Changed"), ordering="updated_at")
    def changed(self, obj):
        return date_format(timezone.localdate(obj.updated_at), "SHORT_DATE_FORMAT")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


class SubmitterInline(admin.StackedInline):
    """Who submitted an item through the site: read-only, for the editors' eyes only."""

    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("Submitted through the site by")
    classes = ["submitter"]  # admin.css hides the heading of an item nobody submitted

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "id"]

    def has_view_permission(self, request, obj=None):
        """Whoever may see the item sees who submitted it: no permission of its own needed."""
        return may_view(request.user, self.parent_model)

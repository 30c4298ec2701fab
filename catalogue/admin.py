"""What every kind's admin shares: workflow, history and restore, no lost updates, the image
preview, and the submitter's details of an item proposed through the site."""

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from .access import may_view
from .editor import CountedTextarea
from .history_admin import HistoryAdmin
from .images import CatalogueImageField
from .lexicon_admin import SearchTermAdmin  # noqa: F401 -- registers the lexicon
from .locking import LockingAdmin
from .messages_admin import MessagesAdmin
from .pickers import PickerFieldsMixin, PickerSearchMixin
from .revisions_admin import RevisionAdminMixin
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


class PublishableAdmin(
    PickerSearchMixin,
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
    search_fields = ["title", "slug", "summary"]
    picker_name = "title"  # what a picker of initiatives or publications ranks by
    readonly_fields = ["published_at", "created_at", "updated_at", "created_by", "updated_by"]
    autocomplete_fields = ["themes", "target_groups"]
    date_hierarchy = "published_at"
    save_on_top = True
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default

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

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields if field.name != "id"]

    def has_view_permission(self, request, obj=None):
        """Whoever may see the item sees who submitted it: no permission of its own needed."""
        return may_view(request.user, self.parent_model)

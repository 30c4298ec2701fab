"""The admin's messages and titles in words that read right in Dutch for every kind.

Django's messages put the kind after an article ("The {name} “{obj}” was changed
successfully."), which Dutch translates once for all kinds: "De {name} …" is wrong for a
het-word ("De initiatief"). Ours name the kind without an article, the way the workflow's
messages already do ("Published: 2 initiatives."): "Opgeslagen: initiatief “X”." Django
still decides when to send which message; ours replace its text.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext, quote, unquote
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext

OURS = "_catalogue_messages"  # on the request: {level: the text that replaces Django's}


class MessagesAdmin(admin.ModelAdmin):
    """Every catalogue admin: messages that name the kind without an article, and titles
    that start with a capital ("Initiatief wijzigen", not "initiatief wijzigen")."""

    def say_instead(self, request, level, message):
        """Django's next message of `level` in this request says `message` instead."""
        setattr(request, OURS, {**getattr(request, OURS, {}), level: message})

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        message = getattr(request, OURS, {}).pop(level, message)
        super().message_user(request, message, level, *args, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Django's "Add %s" is "%s toevoegen" in Dutch: it would start with the kind, lower case.
        context["title"] = capfirst(context.get("title"))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        done = self.naming(gettext("Added: {kind} “{obj}”."), self.link(request, obj))
        self.say_instead(request, messages.SUCCESS, self.with_next_step(request, obj, done))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        done = self.naming(gettext("Saved: {kind} “{obj}”."), self.link(request, obj))
        self.say_instead(request, messages.SUCCESS, self.with_next_step(request, obj, done))
        return super().response_change(request, obj)

    def response_delete(self, request, obj_display, obj_id):
        done = self.naming(gettext("Deleted: {kind} “{obj}”."), obj_display)
        self.say_instead(request, messages.SUCCESS, done)
        return super().response_delete(request, obj_display, obj_id)

    def delete_queryset(self, request, queryset):
        # Django's "delete selected" action says how many it deleted right after this.
        count = len(queryset)
        items = f"{count} {model_ngettext(self.opts, count)}"
        self.say_instead(
            request, messages.SUCCESS, gettext("Deleted: %(items)s.") % {"items": items}
        )
        super().delete_queryset(request, queryset)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        gone = format_html(
            gettext("Not found: {kind} with ID “{key}”. Perhaps it was deleted already."),
            kind=opts.verbose_name,
            key=unquote(object_id),
        )
        self.say_instead(request, messages.WARNING, gone)
        return super()._get_obj_does_not_exist_redirect(request, opts, object_id)

    def naming(self, text, obj):
        """`text` with this kind's name and the item's (escaped, unless already safe HTML)."""
        return format_html(text, kind=self.opts.verbose_name, obj=obj)

    def link(self, request, obj):
        """The item's name, leading to its form where the editor may open that."""
        if not self.has_view_or_change_permission(request, obj):
            return str(obj)
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=self.admin_site.name,
        )
        return format_html('<a href="{}">{}</a>', url, obj)

    def with_next_step(self, request, obj, done):
        """`done`, and what the editor can do on the page Django takes them to."""
        post = request.POST
        stays = "_continue" in post or ("_saveasnew" in post and self.save_as_continue)
        if stays and self.has_change_permission(request, obj):
            return format_html("{} {}", done, gettext("You can go on editing below."))
        if "_addanother" in post:
            next_step = self.naming(gettext("You can add another {kind} below."), "")
            return format_html("{} {}", done, next_step)
        return done

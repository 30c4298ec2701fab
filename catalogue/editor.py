"""The editors' text widgets in the admin: a small rich text editor, and a box for a short
text that counts down to its limit; plain textareas without JavaScript."""

import json

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.templatetags.static import static
from django.utils.translation import gettext, ngettext
from django_prose_editor.config import expand_extensions

from .richtext import EDITOR_EXTENSIONS


def editor_labels():
    """The editor's own words (English, most of them not translatable in the package), keyed
    by the package's text; js/rich_text_editor.js puts these in their place."""
    labels = {
        # The block menu's option, and the title of its button.
        "Paragraph": gettext("Paragraph"),
        "paragraph": gettext("Paragraph"),
        "unordered list": gettext("Bulleted list"),
        "ordered list": gettext("Numbered list"),
        "blockquote": gettext("Quote"),
        "bold": gettext("Bold"),
        "italic": gettext("Italic"),
        "insert link": gettext("Add a link (select the text first)"),
        "remove link": gettext("Remove the link"),
        "undo": gettext("Undo"),
        "redo": gettext("Redo"),
        # The link dialog.
        "Edit Link": gettext("Link"),
        "URL": gettext("Web address (https://… or mailto:…)"),
        "Title": gettext("Title (shown on hover)"),
        "Update": gettext("Save link"),
        "Cancel": gettext("Cancel"),
    }
    for level in (2, 3, 4):
        heading = gettext("Heading %(level)s") % {"level": level}
        labels[f"heading {level}"] = labels[f"Heading {level}"] = heading
    return labels


class RichTextEditor(forms.Textarea):
    """A textarea that js/rich_text_editor.js turns into django-prose-editor's editor, with
    exactly the tools the allow-list keeps (richtext.EDITOR_EXTENSIONS).

    Not the package's own widget: that one needs an inline import map, which the site's
    Content Security Policy refuses. The editor's module URL and configuration travel as data
    attributes instead. The server sanitises what comes back either way (RichTextField).
    """

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "css/rich_text_editor.css",
            ]
        }
        js = [forms.Script("js/rich_text_editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"class": "vLargeTextField", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-rich-text": json.dumps(expand_extensions(EDITOR_EXTENSIONS)),
                "data-editor-module": static("django_prose_editor/editor.js"),
                "data-labels": json.dumps(editor_labels(), ensure_ascii=False),
            }
        )
        return context


class CountedTextarea(AdminTextareaWidget):
    """A few lines for a short text with a limit (a summary), so the whole text is in view;
    js/character_count.js says how many characters are left as the editor types. One
    paragraph: line breaks typed in it are saved as spaces."""

    class Media:
        js = [forms.Script("js/character_count.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"rows": 4, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The two forms Dutch and English have (one, more); the script picks one by the count.
        texts = [
            ngettext("%(count)s character left", "%(count)s characters left", n) for n in (1, 2)
        ]
        context["widget"]["attrs"]["data-count-left"] = json.dumps(texts, ensure_ascii=False)
        return context

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return " ".join(value.split()) if isinstance(value, str) else value

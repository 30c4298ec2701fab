"""The editors' rich text widget: a small editor in the admin, a textarea without JavaScript."""

import json

from django import forms
from django.templatetags.static import static
from django_prose_editor.config import expand_extensions

from .richtext import EDITOR_EXTENSIONS


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
            }
        )
        return context

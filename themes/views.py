"""The theme pages: every theme by category, and a theme with what each kind has on it."""

from django.shortcuts import get_object_or_404, render

from catalogue import kinds

from .models import Theme

THEME_ITEMS = 12


def theme_list(request):
    themes = Theme.objects.filter(parent__isnull=True)
    groups = [
        (category, [theme for theme in themes if theme.category == category])
        for category in Theme.Category
    ]
    return render(request, "themes/theme_list.html", {"groups": groups})


def theme_detail(request, slug):
    """The theme, and the newest items of each kind on theme pages, with their number."""
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    context = {"theme": theme}
    for kind in kinds.all_kinds():
        if kind.on_theme_pages:
            items = kind.model.objects.published().linked_to("themes", [slug])
            context[kind.key] = items.for_cards()[:THEME_ITEMS]
            context[f"{kind.name}_count"] = items.count()
    return render(request, "themes/theme_detail.html", context)

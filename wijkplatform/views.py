"""Site-wide pages: home and themes (a theme page spans initiatives and cases)."""

from django.shortcuts import get_object_or_404, render

from cases.models import Case, Publication
from initiatives.models import Initiative, Theme

HOME_ITEMS = 6
THEME_ITEMS = 12


def home(request):
    return render(
        request,
        "home.html",
        {
            "themes": Theme.objects.filter(parent__isnull=True),
            "initiatives": Initiative.objects.published().with_related()[:HOME_ITEMS],
            "cases": Case.objects.published().with_related()[:3],
            "publications": Publication.objects.published().with_related()[:3],
        },
    )


def theme_list(request):
    themes = Theme.objects.filter(parent__isnull=True)
    groups = [
        (label, [theme for theme in themes if theme.category == value])
        for value, label in Theme.Category.choices
    ]
    return render(request, "themes/theme_list.html", {"groups": groups})


def theme_detail(request, slug):
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    initiatives = Initiative.objects.published().linked_to("themes", [slug])
    cases = Case.objects.published().linked_to("themes", [slug])
    return render(
        request,
        "themes/theme_detail.html",
        {
            "theme": theme,
            "initiatives": initiatives.with_related()[:THEME_ITEMS],
            "initiative_count": initiatives.count(),
            "cases": cases.with_related()[:THEME_ITEMS],
            "case_count": cases.count(),
        },
    )

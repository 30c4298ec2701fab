"""The two editor roles as groups with exactly their permissions, in today's app layout.

The groups are made by a data migration (initiatives 0009, in the layout of its day; the
permissions moved with their models since). `apply_roles` puts them back to exactly this, for
example after a test emptied every table.

Redacteur: writes and edits initiatives, cases and publications (with their authors, quotes
and media links) and submits them for review; adds authors but does not rename them; sees the
taxonomy, places and tags to link them and the search lexicon. Eindredacteur: all of that,
and also publishes, unpublishes, archives and deletes, renames authors, and keeps the search
lexicon ("Zoekwoorden").
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDIT = ("add", "change", "view")


def perms(app_label, model, actions):
    return [(app_label, f"{action}_{model}") for action in actions]


REDACTEUR = [
    *perms("initiatives", "initiative", EDIT),
    *perms("cases", "case", EDIT),
    *perms("cases", "publication", EDIT),
    # Parts edited inside an item's form: removing one from a list is editing the item.
    *perms("cases", "casequote", (*EDIT, "delete")),
    *perms("cases", "casemedialink", (*EDIT, "delete")),
    *perms("cases", "publicationauthor", (*EDIT, "delete")),
    # A new author is added with the publication that names them; renaming one changes every
    # published page that names them at once, so that is the Eindredacteur's.
    *perms("cases", "author", ("add", "view")),
    # Looked up when linking (the autocomplete fields need view).
    *(
        (app_label, f"view_{model}")
        for app_label, model in [
            ("themes", "theme"),
            ("themes", "targetgroup"),
            ("places", "province"),
            ("places", "municipality"),
            ("places", "district"),
            ("places", "neighbourhood"),
            ("places", "postcode"),
            ("taggit", "tag"),
            ("catalogue", "searchterm"),
        ]
    ),
]

EINDREDACTEUR = [
    *REDACTEUR,
    *perms("initiatives", "initiative", ("publish", "delete")),
    *perms("cases", "case", ("publish", "delete")),
    *perms("cases", "publication", ("publish", "delete")),
    *perms("cases", "author", ("change",)),
    # The search lexicon changes every search: kept by whoever also decides what goes live.
    *perms("catalogue", "searchterm", ("add", "change", "delete")),
]

ROLES = {"Redacteur": REDACTEUR, "Eindredacteur": EINDREDACTEUR}


def apply_roles():
    """Make (or reset) each group with exactly its permissions."""
    for name, wanted in ROLES.items():
        which = Q()
        for app_label, codename in wanted:
            which |= Q(content_type__app_label=app_label, codename=codename)
        permissions = list(Permission.objects.filter(which))
        if len(permissions) != len(wanted):
            raise LookupError(f"{name}: {len(wanted) - len(permissions)} permissions not found")
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)

"""The two editor roles as groups with exactly their permissions.

Redacteur: writes and edits initiatives, cases and publications (with their authors, quotes
and media links) and submits them for review; sees the taxonomy, places and tags to link
them. Eindredacteur: all of that, and also publishes, unpublishes, archives and deletes.
Running it again puts the groups back to exactly these permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDIT = ("add", "change", "view")


def perms(app_label, model, actions):
    return [(app_label, f"{action}_{model}") for action in actions]


REDACTEUR = [
    *perms("initiatives", "initiative", EDIT),
    *perms("cases", "case", EDIT),
    *perms("cases", "publication", EDIT),
    # Parts edited inside an item's form. Removing a quote or an author from a list is
    # editing the item, so these rows may also be deleted.
    *perms("cases", "casequote", (*EDIT, "delete")),
    *perms("cases", "casemedialink", (*EDIT, "delete")),
    *perms("cases", "publicationauthor", (*EDIT, "delete")),
    # A publication's author who is not in the list yet is added from its form.
    *perms("cases", "author", EDIT),
    # Looked up when linking (the autocomplete fields need view); tags are typed in the
    # item's own field and need no permission of their own.
    *(
        (app_label, f"view_{model}")
        for app_label, model in [
            ("initiatives", "theme"),
            ("initiatives", "targetgroup"),
            ("initiatives", "province"),
            ("initiatives", "municipality"),
            ("initiatives", "district"),
            ("initiatives", "neighbourhood"),
            ("initiatives", "postcode"),
            ("taggit", "tag"),
        ]
    ),
]

EINDREDACTEUR = [
    *REDACTEUR,
    *perms("initiatives", "initiative", ("publish", "delete")),
    *perms("cases", "case", ("publish", "delete")),
    *perms("cases", "publication", ("publish", "delete")),
]

ROLES = {"Redacteur": REDACTEUR, "Eindredacteur": EINDREDACTEUR}


def create_roles(apps, schema_editor):
    # Django creates permissions after the last migration (post_migrate); these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
                for app_label, codename in wanted
            ]
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("initiatives", "0008_publish_permission"),
        ("cases", "0004_publish_permission"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]

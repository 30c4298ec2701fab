"""The editor roles (wijkplatform.roles) see the search lexicon; the Eindredacteur keeps it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Redacteur": ["view_searchterm"],
    "Eindredacteur": ["view_searchterm", "add_searchterm", "change_searchterm", "delete_searchterm"],
}


def grant(apps, schema_editor):
    # Django creates permissions after the last migration (post_migrate); these are needed now.
    app_config = apps.get_app_config("catalogue")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="catalogue", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_search_lexicon"),
        ("initiatives", "0017_layout_apps_done"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

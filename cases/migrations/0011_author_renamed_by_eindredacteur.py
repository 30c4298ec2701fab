"""Renaming an author changes every published page that names them at once, with no review:
the Redacteur keeps adding authors, the Eindredacteur renames them (wijkplatform.roles)."""

from django.db import migrations


def change_author(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="cases", codename="change_author")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Redacteur"):
        group.permissions.remove(*change_author(apps))
    for group in Group.objects.filter(name="Eindredacteur"):
        group.permissions.add(*change_author(apps))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Redacteur"):
        group.permissions.add(*change_author(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_layout_apps"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

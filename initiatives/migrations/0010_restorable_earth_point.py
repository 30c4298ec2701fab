from django.db import migrations

import places.geo


def rebuild_point_index(apps, schema_editor):
    """Databases migrated before 0005 created `wijk_ll_to_earth` still index `ll_to_earth`:
    rebuild the index on the function that pg_restore can recreate."""
    model = apps.get_model("initiatives", "Initiative")
    [index] = [index for index in model._meta.indexes if index.name == "initiative_earth_point"]
    schema_editor.remove_index(model, index)
    schema_editor.add_index(model, index)


class Migration(migrations.Migration):
    """The distance index survives a backup and restore (pg_dump / pg_restore)."""

    dependencies = [("initiatives", "0009_editor_roles")]

    operations = [
        migrations.RunPython(places.geo.create_earth_point_function, migrations.RunPython.noop),
        migrations.RunPython(rebuild_point_index, migrations.RunPython.noop),
    ]

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models
from django.utils.text import slugify

import places.geo


def fill_slugs(apps, schema_editor):
    for name in ("Municipality", "District"):
        model = apps.get_model("initiatives", name)
        for place in model.objects.all():
            place.slug = slugify(place.name) or place.code.lower()
            place.save(update_fields=["slug"])


class Migration(migrations.Migration):
    """Place pages get addresses from their names; distances get `earthdistance` and an index;
    postcodes may carry their two letters (PC6)."""

    dependencies = [("initiatives", "0004_catalogue_version")]

    operations = [
        CreateExtension("cube"),
        CreateExtension("earthdistance"),
        # Added later (see 0010): the index below is built on it.
        migrations.RunPython(places.geo.create_earth_point_function, migrations.RunPython.noop),
        migrations.AddField(
            model_name="municipality",
            name="slug",
            field=models.SlugField(default="", editable=False, max_length=110, verbose_name="slug"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="district",
            name="slug",
            field=models.SlugField(default="", editable=False, max_length=110, verbose_name="slug"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="municipality",
            constraint=models.UniqueConstraint(fields=("slug",), name="municipality_slug_unique"),
        ),
        migrations.AddConstraint(
            model_name="district",
            constraint=models.UniqueConstraint(
                fields=("municipality", "slug"), name="district_slug_unique_in_municipality"
            ),
        ),
        migrations.RemoveConstraint(model_name="postcode", name="postcode_pc4_format"),
        migrations.AlterField(
            model_name="postcode",
            name="postcode",
            field=models.CharField(
                max_length=6, primary_key=True, serialize=False, verbose_name="postcode"
            ),
        ),
        migrations.AddConstraint(
            model_name="postcode",
            constraint=models.CheckConstraint(
                condition=models.Q(("postcode__regex", "^[1-9][0-9]{3}([A-Z]{2})?$")),
                name="postcode_format",
            ),
        ),
        migrations.AddIndex(
            model_name="initiative",
            index=django.contrib.postgres.indexes.GistIndex(
                places.geo.LlToEarth(models.F("latitude"), models.F("longitude")),
                name="initiative_earth_point",
            ),
        ),
    ]

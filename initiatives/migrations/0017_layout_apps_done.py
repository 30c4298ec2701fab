"""Drop the moved models from the `initiatives` app's picture, once nothing points at them
there any more (cases 0010). The tables stay: they are the new apps' now."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0016_layout_apps'),
        ('cases', '0010_layout_apps'),
        ('catalogue', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='CatalogueVersion',
                ),
                migrations.RemoveField(
                    model_name='district',
                    name='municipality',
                ),
                migrations.RemoveField(
                    model_name='neighbourhood',
                    name='district',
                ),
                migrations.RemoveField(
                    model_name='municipality',
                    name='province',
                ),
                migrations.DeleteModel(
                    name='Postcode',
                ),
                migrations.DeleteModel(
                    name='SearchWord',
                ),
                migrations.RemoveField(
                    model_name='theme',
                    name='parent',
                ),
                migrations.DeleteModel(
                    name='District',
                ),
                migrations.DeleteModel(
                    name='Province',
                ),
                migrations.DeleteModel(
                    name='Municipality',
                ),
                migrations.DeleteModel(
                    name='Neighbourhood',
                ),
                migrations.DeleteModel(
                    name='TargetGroup',
                ),
                migrations.DeleteModel(
                    name='Theme',
                ),
            ],
        ),
    ]

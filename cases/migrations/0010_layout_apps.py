"""Themes, target groups and places now live in their own apps: point the links there. The
tables are the same (see themes and places 0001), so only Django's picture changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_search_index_layout'),
        ('places', '0001_initial'),
        ('themes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='district',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='places.district', verbose_name='district'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='municipality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='places.municipality', verbose_name='municipality'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='target_groups',
                    field=models.ManyToManyField(blank=True, related_name='cases', to='themes.targetgroup', verbose_name='target groups'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='themes',
                    field=models.ManyToManyField(related_name='cases', to='themes.theme', verbose_name='themes'),
                ),
                migrations.AlterField(
                    model_name='historicalcase',
                    name='district',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.district', verbose_name='district'),
                ),
                migrations.AlterField(
                    model_name='historicalcase',
                    name='municipality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.municipality', verbose_name='municipality'),
                ),
                migrations.AlterField(
                    model_name='historicalcase_target_groups',
                    name='targetgroup',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='themes.targetgroup'),
                ),
                migrations.AlterField(
                    model_name='historicalcase_themes',
                    name='theme',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='themes.theme'),
                ),
                migrations.AlterField(
                    model_name='historicalpublication_target_groups',
                    name='targetgroup',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='themes.targetgroup'),
                ),
                migrations.AlterField(
                    model_name='historicalpublication_themes',
                    name='theme',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='themes.theme'),
                ),
                migrations.AlterField(
                    model_name='publication',
                    name='target_groups',
                    field=models.ManyToManyField(blank=True, related_name='publications', to='themes.targetgroup', verbose_name='target groups'),
                ),
                migrations.AlterField(
                    model_name='publication',
                    name='themes',
                    field=models.ManyToManyField(blank=True, related_name='publications', to='themes.theme', verbose_name='themes'),
                ),
            ],
        ),
    ]

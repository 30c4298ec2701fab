"""Themes, target groups, places and the search tables now live in their own apps: point the
initiatives' links there. The tables are the same, so only Django's picture changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0015_search_index_layout'),
        ('places', '0001_initial'),
        ('themes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='initiative',
                    name='district',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to='places.district', verbose_name='district'),
                ),
                migrations.AlterField(
                    model_name='historicalinitiative',
                    name='district',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.district', verbose_name='district'),
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='municipality',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to='places.municipality', verbose_name='municipality'),
                ),
                migrations.AlterField(
                    model_name='historicalinitiative',
                    name='municipality',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.municipality', verbose_name='municipality'),
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='neighbourhood',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='initiatives', to='places.neighbourhood', verbose_name='neighbourhood'),
                ),
                migrations.AlterField(
                    model_name='historicalinitiative',
                    name='neighbourhood',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.neighbourhood', verbose_name='neighbourhood'),
                ),
                migrations.AlterField(
                    model_name='historicalinitiative_target_groups',
                    name='targetgroup',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='themes.targetgroup'),
                ),
                migrations.AlterField(
                    model_name='historicalinitiative_themes',
                    name='theme',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='themes.theme'),
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='target_groups',
                    field=models.ManyToManyField(blank=True, related_name='initiatives', to='themes.targetgroup', verbose_name='target groups'),
                ),
                migrations.AlterField(
                    model_name='initiative',
                    name='themes',
                    field=models.ManyToManyField(related_name='initiatives', to='themes.theme', verbose_name='themes'),
                ),
            ],
        ),
    ]

"""The catalogue app takes over its models from `initiatives`, where they were made: the tables
keep their names (db_table), so only Django's picture of them moves (SeparateDatabaseAndState),
and the content types move with them. A fresh database gets the tables from the initiatives
migrations before this one."""

import django.contrib.postgres.indexes
from django.db import migrations, models

APP = 'catalogue'
MODELS = ['catalogueversion', 'searchword']


def move_content_types(apps, schema_editor):
    """The models were made in `initiatives`: their content types (and with them the
    permissions, the editor groups' grants and the admin log) move along, nothing is copied."""
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="initiatives", model__in=MODELS).update(
        app_label=APP
    )


def content_types_back(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label=APP, model__in=MODELS).update(app_label="initiatives")



class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('initiatives', '0015_search_index_layout'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CatalogueVersion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('version', models.PositiveBigIntegerField(default=0)),
                    ],
                    options={
                        'db_table': 'initiatives_catalogueversion',
                    },
                ),
                migrations.CreateModel(
                    name='SearchWord',
                    fields=[
                        ('plain', models.CharField(max_length=40, primary_key=True, serialize=False)),
                        ('word', models.CharField(max_length=40)),
                        ('documents', models.PositiveIntegerField()),
                    ],
                    options={
                        'db_table': 'initiatives_searchword',
                        'indexes': [django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass('plain', name='gin_trgm_ops'), name='searchword_plain_trgm')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, content_types_back),
    ]

"""The themes app takes over its models from `initiatives`, where they were made: the tables
keep their names (db_table), so only Django's picture of them moves (SeparateDatabaseAndState),
and the content types move with them. A fresh database gets the tables from the initiatives
migrations before this one."""

import django.db.models.deletion
from django.db import migrations, models

APP = 'themes'
MODELS = ['theme', 'targetgroup']


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
                    name='TargetGroup',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                    ],
                    options={
                        'verbose_name': 'target group',
                        'verbose_name_plural': 'target groups',
                        'db_table': 'initiatives_targetgroup',
                        'ordering': ['position', 'name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Theme',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=100, unique=True, verbose_name='name')),
                        ('slug', models.SlugField(max_length=100, unique=True, verbose_name='slug')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('category', models.CharField(choices=[('verbinding', 'Connection'), ('pijler', 'Pillar of social quality'), ('vraagstuk', 'Social issue'), ('werkwijze', 'Way of working')], max_length=12, verbose_name='category')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='themes.theme', verbose_name='parent theme')),
                    ],
                    options={
                        'verbose_name': 'theme',
                        'verbose_name_plural': 'themes',
                        'db_table': 'initiatives_theme',
                        'ordering': ['position', 'name'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(('parent', models.F('id')), _negated=True), name='theme_not_own_parent')],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, content_types_back),
    ]

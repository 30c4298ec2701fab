"""The places app takes over its models from `initiatives`, where they were made: the tables
keep their names (db_table), so only Django's picture of them moves (SeparateDatabaseAndState),
and the content types move with them. A fresh database gets the tables from the initiatives
migrations before this one."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

APP = 'places'
MODELS = ['province', 'municipality', 'district', 'neighbourhood', 'postcode']


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
                    name='Municipality',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, unique=True, verbose_name='CBS code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('latitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                        ('longitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                        ('slug', models.SlugField(editable=False, max_length=110, verbose_name='slug')),
                    ],
                    options={
                        'verbose_name': 'municipality',
                        'verbose_name_plural': 'municipalities',
                        'db_table': 'initiatives_municipality',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='District',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, unique=True, verbose_name='CBS code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('latitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                        ('longitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                        ('slug', models.SlugField(editable=False, max_length=110, verbose_name='slug')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='districts', to='places.municipality', verbose_name='municipality')),
                    ],
                    options={
                        'verbose_name': 'district',
                        'verbose_name_plural': 'districts',
                        'db_table': 'initiatives_district',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Neighbourhood',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, unique=True, verbose_name='CBS code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('latitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                        ('longitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                        ('district', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='neighbourhoods', to='places.district', verbose_name='district')),
                    ],
                    options={
                        'verbose_name': 'neighbourhood',
                        'verbose_name_plural': 'neighbourhoods',
                        'db_table': 'initiatives_neighbourhood',
                        'ordering': ['name'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Postcode',
                    fields=[
                        ('postcode', models.CharField(max_length=6, primary_key=True, serialize=False, verbose_name='postcode')),
                        ('latitude', models.FloatField(validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                        ('longitude', models.FloatField(validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                    ],
                    options={
                        'verbose_name': 'postcode',
                        'verbose_name_plural': 'postcodes',
                        'db_table': 'initiatives_postcode',
                        'ordering': ['postcode'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('postcode__regex', '^[1-9][0-9]{3}([A-Z]{2})?$')), name='postcode_format'), models.CheckConstraint(condition=models.Q(('latitude__gte', -90), ('latitude__lte', 90)), name='postcode_latitude_range'), models.CheckConstraint(condition=models.Q(('longitude__gte', -180), ('longitude__lte', 180)), name='postcode_longitude_range')],
                    },
                ),
                migrations.CreateModel(
                    name='Province',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('code', models.CharField(max_length=10, unique=True, verbose_name='CBS code')),
                        ('name', models.CharField(max_length=100, verbose_name='name')),
                        ('latitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-90), django.core.validators.MaxValueValidator(90)], verbose_name='latitude')),
                        ('longitude', models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(-180), django.core.validators.MaxValueValidator(180)], verbose_name='longitude')),
                    ],
                    options={
                        'verbose_name': 'province',
                        'verbose_name_plural': 'provinces',
                        'db_table': 'initiatives_province',
                        'ordering': ['name'],
                        'abstract': False,
                        'constraints': [models.CheckConstraint(condition=models.Q(('code__regex', '^PV[0-9]{2}$')), name='province_code_format'), models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90), ('latitude__lte', 90)), _connector='OR'), name='province_latitude_range'), models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='province_longitude_range')],
                    },
                ),
                migrations.AddField(
                    model_name='municipality',
                    name='province',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='municipalities', to='places.province', verbose_name='province'),
                ),
                migrations.AddConstraint(
                    model_name='district',
                    constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^WK[0-9]{6}$')), name='district_code_format'),
                ),
                migrations.AddConstraint(
                    model_name='district',
                    constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90), ('latitude__lte', 90)), _connector='OR'), name='district_latitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='district',
                    constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='district_longitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='district',
                    constraint=models.UniqueConstraint(fields=('municipality', 'slug'), name='district_slug_unique_in_municipality'),
                ),
                migrations.AddConstraint(
                    model_name='neighbourhood',
                    constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^BU[0-9]{4}[0-9A-Z]{4}$')), name='neighbourhood_code_format'),
                ),
                migrations.AddConstraint(
                    model_name='neighbourhood',
                    constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90), ('latitude__lte', 90)), _connector='OR'), name='neighbourhood_latitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='neighbourhood',
                    constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='neighbourhood_longitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='municipality',
                    constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^GM[0-9]{4}$')), name='municipality_code_format'),
                ),
                migrations.AddConstraint(
                    model_name='municipality',
                    constraint=models.CheckConstraint(condition=models.Q(('latitude__isnull', True), models.Q(('latitude__gte', -90), ('latitude__lte', 90)), _connector='OR'), name='municipality_latitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='municipality',
                    constraint=models.CheckConstraint(condition=models.Q(('longitude__isnull', True), models.Q(('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='municipality_longitude_range'),
                ),
                migrations.AddConstraint(
                    model_name='municipality',
                    constraint=models.UniqueConstraint(fields=('slug',), name='municipality_slug_unique'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, content_types_back),
    ]

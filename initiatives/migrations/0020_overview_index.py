# The national picture (/inzicht/, initiatives/overview.py) counts every published initiative
# per municipality from this index alone.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0019_admin_and_queue_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(
                condition=models.Q(("state", "published")),
                fields=["municipality", "status", "vulnerable"],
                include=("theme_ids",),
                name="initiative_overview",
            ),
        ),
    ]

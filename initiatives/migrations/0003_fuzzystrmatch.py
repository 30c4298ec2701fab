from django.contrib.postgres.operations import CreateExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Edit distance (levenshtein) to pick the best typo correction among trigram neighbours."""

    dependencies = [("initiatives", "0002_search")]

    operations = [CreateExtension("fuzzystrmatch")]

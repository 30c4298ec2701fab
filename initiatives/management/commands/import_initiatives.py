"""Create or update initiatives from a CSV file, matched by the slug of their title."""

from catalogue.management.commands._import_command import ImportCommand
from initiatives.imports import import_initiatives


class Command(ImportCommand):
    help = (
        "Create or update initiatives from a CSV file (columns: title, summary, description, "
        "themes, target_groups, tags, municipality, district, postcode, latitude, longitude, "
        "start_year, status, organisation, website, email, state; optional: werkgebied, "
        "vulnerable, help_wanted, last_verified; or their Dutch headings, see the admin's "
        "import page). Rows are matched by the slug of their title, "
        "so importing the same file again changes nothing; any bad row aborts the whole import."
    )
    import_function = staticmethod(import_initiatives)

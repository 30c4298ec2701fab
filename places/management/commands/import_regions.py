"""Load CBS regions (provinces, municipalities, districts, neighbourhoods) from a CSV file."""

from catalogue.management.commands._import_command import ImportCommand
from places.imports import import_regions


class Command(ImportCommand):
    help = (
        "Create or update CBS regions from a CSV file with the columns "
        "code,name,parent_code,latitude,longitude. The code prefix gives the level "
        "(PV, GM, WK, BU); a parent must be in the database or in an earlier row. "
        "Safe to run again; any bad row aborts the whole import."
    )
    import_function = staticmethod(import_regions)

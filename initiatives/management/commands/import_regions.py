"""Load CBS regions (provinces, municipalities, districts, neighbourhoods) from a CSV file."""

from initiatives.imports import import_regions

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Create or update CBS regions from a CSV file with the columns "
        "code,name,parent_code,latitude,longitude. The code prefix gives the level "
        "(PV, GM, WK, BU); a parent must be in the database or in an earlier row. "
        "Safe to run again; any bad row aborts the whole import."
    )
    import_function = staticmethod(import_regions)

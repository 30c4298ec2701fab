"""Load four-digit postcode areas (PC4) with their centre from a CSV file."""

from catalogue.management.commands._import_command import ImportCommand
from places.imports import import_postcodes


class Command(ImportCommand):
    help = (
        "Create or update PC4 postcode centres from a CSV file with the columns "
        "postcode,latitude,longitude. Safe to run again; any bad row aborts the whole import."
    )
    import_function = staticmethod(import_postcodes)

"""Management commands run as an operator would, and the CSV files the import commands read."""

import csv
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(command, path, *args):
    """Run a command as an operator would; return what it printed."""
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(command, path, *args):
    """Run a command that must refuse the file; return its error message."""
    with pytest.raises(CommandError) as error:
        run(command, path, *args)
    return str(error.value)


def write_csv(tmp_path, rows, columns, name="data.csv"):
    """Write rows (dicts) under a header; columns missing from a row are left empty."""
    path = tmp_path / name
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path

"""`collectstatic`, but only when a static file was added, removed or changed since the last
collect (bin/serve runs this on every start).

Why: whitenoise compresses every file again on each `collectstatic`, which takes a minute or
more on a small machine even when nothing changed. Files are compared by name with the
manifest and by modification time with the manifest's own: a checkout or an upgrade of a
package writes new files, which are newer.
"""

import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand


def sources():
    """{name as collected: modification time} of every file the finders offer."""
    found = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            name = str(Path(getattr(storage, "prefix", None) or "") / path)
            found.setdefault(name, Path(storage.path(path)).stat().st_mtime)
    return found


def up_to_date():
    manifest = Path(staticfiles_storage.path(staticfiles_storage.manifest_name))
    try:
        collected = json.loads(manifest.read_text())["paths"]
        collected_at = manifest.stat().st_mtime
    except (OSError, ValueError, KeyError):
        return False
    found = sources()
    return set(found) == set(collected) and max(found.values()) < collected_at


class Command(BaseCommand):
    help = "Collect static files when they changed since the last collectstatic."

    def handle(self, *args, **options):
        if up_to_date():
            if options["verbosity"] > 1:
                self.stdout.write("Static files unchanged since the last collectstatic")
            return
        call_command("collectstatic", interactive=False, verbosity=options["verbosity"])

"""Write anew the search vectors that changes of the search lexicon left to do (normally done
in the background right after the change; this takes up work a restart interrupted)."""

from django.core.management.base import BaseCommand

from catalogue import index


class Command(BaseCommand):
    help = "Do the search-index rebuilds still pending after changes of the search lexicon."

    def handle(self, *args, **options):
        written = index.reindex_pending()
        self.stdout.write(self.style.SUCCESS(f"{written} search vectors written anew"))

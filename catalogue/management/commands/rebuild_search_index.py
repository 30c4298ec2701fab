"""Recompute every stored search vector and the typo vocabulary (after an upgrade or a bulk
load that bypassed the model signals)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from catalogue import index, search


class Command(BaseCommand):
    help = "Recompute the search vectors of all searchable items and the search vocabulary."

    def handle(self, *args, **options):
        with transaction.atomic():
            for model in search.REGISTRY:
                index.update_search_index(model)
                self.stdout.write(f"{model._meta.verbose_name_plural}: indexed")
        self.stdout.write(self.style.SUCCESS("Search index and vocabulary rebuilt"))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casussen en publicaties"

    def ready(self):
        from catalogue import kinds

        from . import api, feeds, filters, models, structured_data

        kinds.register(
            kinds.Kind(
                model=models.Case,
                name="case",
                key="cases",
                label=_("Case studies"),
                path="casussen",
                filterset=filters.CaseFilterSet,
                list_url="cases:list",
                search_fields={
                    "A": ["title"],
                    "B": [
                        "summary",
                        "themes__name",
                        "target_groups__name",
                        "tags__name",
                        "municipality__name",
                    ],
                    "C": [*models.Case.SECTIONS],
                },
                snippet_fields=("summary", *models.Case.SECTIONS),
                on_theme_pages=True,
                api=api.case_list,
                feed=feeds.CaseFeed(),
                describe=structured_data.case_data,
                order=2,
            )
        )
        kinds.register(
            kinds.Kind(
                model=models.Publication,
                name="publication",
                key="publications",
                label=_("Publications"),
                path="publicaties",
                filterset=filters.PublicationFilterSet,
                list_url="cases:publication_list",
                search_fields={
                    "A": ["title"],
                    "B": [
                        "subtitle",
                        "organisation",
                        "series",
                        "themes__name",
                        "target_groups__name",
                        "tags__name",
                        "authors__surname",
                    ],
                    "C": ["summary"],
                },
                snippet_fields=("subtitle", "summary"),
                feed=feeds.PublicationFeed(),
                describe=structured_data.publication_data,
                order=3,
            )
        )

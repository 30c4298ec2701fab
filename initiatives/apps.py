from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Initiatieven"

    def ready(self):
        from catalogue import kinds
        from places import sections

        from . import api, feeds, filters, insight, models, structured_data

        kinds.register(
            kinds.Kind(
                model=models.Initiative,
                name="initiative",
                key="initiatives",
                label=_("Initiatives"),
                path="initiatieven",
                filterset=filters.InitiativeFilterSet,
                list_url="initiatives:list",
                search_fields={
                    "A": ["title"],
                    "B": [
                        "summary",
                        "organisation",
                        "themes__name",
                        "target_groups__name",
                        "tags__name",
                        "municipality__name",
                        "district__name",
                    ],
                    "C": ["description"],
                },
                snippet_fields=("summary", "description"),
                home_items=6,
                on_theme_pages=True,
                near_list=True,
                api=api.initiative_list,
                feed=feeds.InitiativeFeed(),
                describe=structured_data.initiative_data,
                order=1,
            )
        )
        # The wijkbeeld on every municipality and district page.
        sections.register(
            sections.Section(
                name="wijkbeeld",
                template="insight/_place_section.html",
                context=insight.place_section,
                stylesheet="css/insight.css",
            )
        )

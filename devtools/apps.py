from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Demo data, generators and benchmarks: installed by the dev, test and bench settings
    only, so production lists none of these commands."""

    name = "devtools"
    verbose_name = "Ontwikkelgereedschap"

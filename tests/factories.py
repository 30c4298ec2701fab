"""factory_boy factories for the catalogue; initiatives, cases and publications are published
unless a trait (draft, review, archived) says otherwise."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from cases.models import Author, Case, Publication, PublicationAuthor
from catalogue.models import State
from initiatives.models import Initiative
from places.models import District, Municipality, Province
from themes.models import TargetGroup, Theme


class PublishableFactory(factory.django.DjangoModelFactory):
    """Published by default, since most tests look at what the public sees."""

    title = factory.Sequence(lambda n: f"Item {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    state = State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(state=State.DRAFT, published_at=None)
        review = factory.Trait(state=State.REVIEW, published_at=None)
        archived = factory.Trait(state=State.ARCHIVED)


def set_many(relation):
    """A post-generation hook that sets a to-many relation when the test passes values."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, relation).set(extracted)

    hook.__name__ = relation
    return factory.PostGeneration(hook)


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = Theme.Category.ISSUE

    class Meta:
        model = Theme


class TargetGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Target group {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = TargetGroup


# Made-up codes stay clear of the real ones tests name (PV26, GM0344, WK034401) and of the
# unknown ones they ask for (PV99, GM9999): a sequence that reached a named code would collide
# with it, in some runs and not others (the counters run on across tests and differ per worker).
MADE_UP_PROVINCES = [n for n in range(99) if not 20 <= n <= 31]  # real: PV20-PV31


class ProvinceFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"PV{MADE_UP_PROVINCES[n % len(MADE_UP_PROVINCES)]:02d}")
    name = factory.Sequence(lambda n: f"Province {n}")

    class Meta:
        model = Province


class MunicipalityFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"GM{2_000 + n % 7_999:04d}")  # real: up to GM1999
    name = factory.Sequence(lambda n: f"Municipality {n}")
    province = factory.SubFactory(ProvinceFactory)

    class Meta:
        model = Municipality


class DistrictFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"WK{900_000 + n % 99_000:06d}")
    name = factory.Sequence(lambda n: f"District {n}")
    municipality = factory.SubFactory(MunicipalityFactory)

    class Meta:
        model = District


class InitiativeFactory(PublishableFactory):
    """Pass themes=[…], target_groups=[…] or tags=["name", …] to link them."""

    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Neighbours meet every week over coffee."
    municipality = factory.SubFactory(MunicipalityFactory)

    class Meta:
        model = Initiative

    themes = set_many("themes")
    target_groups = set_many("target_groups")
    tags = set_many("tags")


class AuthorFactory(factory.django.DjangoModelFactory):
    initials = "J."
    surname = factory.Sequence(lambda n: f"Author{n}")

    class Meta:
        model = Author


class PublicationFactory(PublishableFactory):
    """Pass authors=[…] to list them in that order."""

    title = factory.Sequence(lambda n: f"Publication {n}")
    publication_date = datetime.date(2022, 3, 31)
    year_of_issue = 2021
    publication_type = Publication.Type.CASE_COLLECTION

    class Meta:
        model = Publication

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if create and extracted:
            PublicationAuthor.objects.bulk_create(
                PublicationAuthor(publication=obj, author=author, position=position)
                for position, author in enumerate(extracted)
            )

    themes = set_many("themes")
    target_groups = set_many("target_groups")
    tags = set_many("tags")


class CaseFactory(PublishableFactory):
    """Pass themes=[…], initiatives=[…] and so on to link them."""

    title = factory.Sequence(lambda n: f"Case {n}")
    summary = "How neighbours found each other."

    class Meta:
        model = Case

    themes = set_many("themes")
    target_groups = set_many("target_groups")
    tags = set_many("tags")
    initiatives = set_many("initiatives")

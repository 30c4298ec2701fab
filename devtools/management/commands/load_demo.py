"""Fill an empty catalogue with the demo data and make sure the demo editor can log in.

`make run` calls this on every start, so it must never touch what is already there:

* the demo is loaded only while the catalogue has no themes or no initiatives yet, so a
  second run keeps everything editors did;
* rows that may exist already (regions from `import_regions`, themes, tags, authors) are
  matched on their code, slug or name and reused, never overwritten; everything else is
  inserted as a new row. That is why this does not simply call `loaddata`: the fixtures'
  primary keys are only references inside the fixture files, and `loaddata` would overwrite
  whatever row happens to have the same key;
* the two demo editor accounts (a Redacteur and an Eindredacteur) are created only when
  missing; their passwords are never reset.

The fixtures stay plain Django fixtures, so tests can also `loaddata` them into an empty
database.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from taggit.models import Tag

from cases.models import Author, Case, Publication
from catalogue import history
from initiatives.models import Initiative
from places.models import District, Municipality, Postcode, Province
from themes.models import TargetGroup, Theme
from wijkplatform.demo_accounts import EDITORS
from wijkplatform.demo_accounts import PASSWORD as EDITOR_PASSWORD
from wijkplatform.roles import apply_roles

FIXTURE_DIR = settings.BASE_DIR / "fixtures"
EDITOR_LINE = (
    f"Demo editors at http://127.0.0.1:8000/{settings.ADMIN_URL}: redacteur (writes, submits "
    f"for review) and eindredacteur (also publishes), password: {EDITOR_PASSWORD}"
)

# Rows of these models may already exist; a fixture row with the same values here is that row.
NATURAL_KEYS = {
    Province: ("code",),
    Municipality: ("code",),
    District: ("code",),
    Postcode: ("postcode",),
    Theme: ("slug",),
    TargetGroup: ("slug",),
    Tag: ("slug",),
    Author: ("surname", "infix", "initials"),
}


class Command(BaseCommand):
    help = "Load the demo catalogue into an empty database and ensure the demo editor exists."

    def handle(self, *args, **options):
        load_demo = not Initiative.objects.exists()
        if Theme.objects.exists() and not load_demo:
            self.stdout.write("Demo data already present")
        else:
            # Taxonomy and regions are always read: the demo refers to their rows.
            names = ["taxonomy", "regions"] + (["demo"] if load_demo else [])
            loader = FixtureLoader()
            try:
                with transaction.atomic():
                    for name in names:
                        loader.load(FIXTURE_DIR / f"{name}.json")
                    if load_demo:  # the first version of each item, links included
                        for model in (Initiative, Case, Publication):
                            history.record_many(
                                model,
                                list(model.objects.all()),
                                created=True,
                                reason=gettext("Added with the demo data."),
                            )
            except IntegrityError as error:
                raise CommandError(
                    f"Could not load the demo data, nothing was changed: {error}"
                ) from error
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded demo data ({', '.join(names)}): {loader.created} new rows, "
                    f"{loader.reused} existing rows kept as they were"
                )
            )

        for username, role in EDITORS.items():
            if self.ensure_editor(username, role):
                self.stdout.write(f"Created the demo editor account '{username}' ({role})")
        self.stdout.write(EDITOR_LINE)

    @transaction.atomic  # an account without its group would be one nobody can use
    def ensure_editor(self, username, role):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            return False
        user = User.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=EDITOR_PASSWORD,
            is_staff=True,
        )
        # The migrations made the groups; a database emptied since (`flush`) lacks them.
        if not Group.objects.filter(name=role).exists():
            apply_roles()
        user.groups.add(Group.objects.get(name=role))
        return True


class FixtureLoader:
    """Insert fixture rows as new rows, reusing existing ones matched on NATURAL_KEYS.

    Fixture primary keys are translated to database keys as rows are saved, so a fixture
    may only refer to rows that appear earlier in it or in a fixture loaded before.
    """

    def __init__(self):
        self.keys = {}  # (model, fixture pk) -> database pk
        self.created = 0
        self.reused = 0

    def load(self, path):
        with open(path, encoding="utf-8") as stream:
            for item in serializers.deserialize("json", stream):
                self.save(item)

    def save(self, item):
        obj = item.object
        model = type(obj)
        fixture_pk = obj.pk
        for field in model._meta.concrete_fields:
            value = getattr(obj, field.attname)
            if field.is_relation and value is not None:
                setattr(obj, field.attname, self.database_pk(field.related_model, value))

        natural_key = NATURAL_KEYS.get(model)
        if natural_key:
            lookup = {name: getattr(obj, name) for name in natural_key}
            existing = model._default_manager.filter(**lookup).values_list("pk", flat=True)
            if existing:
                self.keys[(model, fixture_pk)] = existing[0]
                self.reused += 1
                return

        if model._meta.auto_field is not None:
            obj.pk = None  # let the database number it
        # raw: keep the fixture's timestamps and values exactly as written.
        obj.save_base(raw=True)
        self.keys[(model, fixture_pk)] = obj.pk
        self.created += 1
        history.pause(obj)  # its one entry is written once everything is loaded (handle)
        for name, pks in item.m2m_data.items():
            related = model._meta.get_field(name).remote_field.model
            getattr(obj, name).set([self.database_pk(related, pk) for pk in pks])

    def database_pk(self, model, fixture_pk):
        try:
            return self.keys[(model, fixture_pk)]
        except KeyError:
            raise CommandError(
                f"The demo fixtures refer to {model._meta.label} {fixture_pk}, which is not "
                "in them; nothing was changed."
            ) from None

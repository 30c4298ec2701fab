"""What every kind of content shares: the publishing states and their one public gate,
the bookkeeping of an item, and the search index's own tables."""

import contextvars
import datetime
import secrets
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models, transaction
from django.db.models import Q
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import may_view
from .links import LINK_ARRAYS
from .slugs import unique_slug


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# The source of an item proposed through the site's public forms (every kind's `source`).
SUBMITTED_SOURCE = "aangemeld"


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The one gate between the catalogue and the public: only published items pass."""
        return self.filter(state=State.PUBLISHED)

    def visible_to(self, user):
        """What `user` may open at an item's public address: the published items, and every
        item for staff who may view this kind, so they can preview it before it goes out."""
        if user.is_staff and may_view(user, self.model):
            return self
        return self.published()

    def search(self, search):
        """Items matching a search.SearchRequest, annotated with their relevance as `rank`."""
        return self.filter(search_vector=search.query).annotate(rank=search.rank())

    def for_cards(self):
        """Everything a result card shows (kinds add what theirs show)."""
        return self

    def without_search_index(self):
        """Leave out the search vector and link arrays: large, and read only by PostgreSQL."""
        return self.defer("search_vector", *LINK_ARRAYS.values())

    def linked_to(self, relation, values):
        """Items linked to any of `values` (slugs, or the related items themselves) through
        the to-many `relation` ("themes", "tags", …).

        Read from the items' own link arrays (links.LINK_ARRAYS), so PostgreSQL combines it
        with a search or another filter in one bitmap of the items' GIN indexes. Given the
        items, their ids go into the query as they are: PostgreSQL then knows how many items
        carry them, and picks the right plan with a search (an id list from a subquery
        looked like any other, and a broad search with a rare theme read 30 times the rows).
        """
        column = LINK_ARRAYS[relation]
        if all(isinstance(value, models.Model) for value in values):
            return self.filter(**{f"{column}__overlap": sorted(value.pk for value in values)})
        related = self.model._meta.get_field(relation).related_model
        ids = ArraySubquery(related.objects.filter(slug__in=values).values("pk"))
        return self.filter(**{f"{column}__overlap": ids})


class Publishable(models.Model):
    """Workflow, slug and bookkeeping shared by initiatives, cases and publications."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=220,
        unique=True,
        blank=True,
        help_text=_("Part of the web address. Filled in from the title; keep it stable."),
    )
    state = models.CharField(
        _("publishing state"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Kept current by index.update_search_index (see index.py); never edited by hand.
    search_vector = SearchVectorField(null=True, editable=False)
    theme_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    target_group_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    tag_ids = ArrayField(models.BigIntegerField(), default=list, editable=False)
    # A change waiting for review, or sent back (at most one): see Revision.
    revisions = GenericRelation("catalogue.Revision")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        if self.state == State.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_published(self):
        return self.state == State.PUBLISHED

    def missing_to_publish(self):
        """Why this item may not be published yet, for the editor, or None. The links its
        admin form requires (a theme, for one) are required to publish it: an item proposed
        through the site may lack them, and a list action must not publish it so."""
        for field in self._meta.many_to_many:
            # Links with a through model of their own (authors) are not the form's to require.
            in_form = field.editable and field.remote_field.through._meta.auto_created
            if in_form and not field.blank and not getattr(self, field.name).exists():
                return _("no %(links)s yet: choose at least one in its form") % {
                    "links": field.verbose_name
                }
        return None

    @property
    def sorted_tags(self):
        """The tags by name (from the prefetched list when there is one): pages, API and
        exports list them in one order. taggit's prefetch takes no ordered queryset."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())


def search_index(name):
    return GinIndex(fields=["search_vector"], name=f"{name}_search_gin")


def links_index(name):
    return GinIndex(fields=list(LINK_ARRAYS.values()), name=f"{name}_links_gin")


def admin_order_index(name, date="published_at"):
    """The admin's change list pages through the kind's default order (newest first, then
    title, then id, which Django adds): along this index instead of sorting every row
    (146 ms at 100,000 initiatives)."""
    return models.Index(fields=[f"-{date}", "title", "-id"], name=f"{name}_admin_order")


def open_items_index(name):
    """The admin home's queues of items in review and of submissions read the few items not
    yet published (drafts and items in review) along this index, newest change first."""
    return models.Index(
        fields=["state", "-updated_at"],
        condition=Q(state__in=[State.DRAFT, State.REVIEW]),
        name=f"{name}_open_items",
    )


def published_state_check(name):
    """A published item always has its publication moment."""
    return models.CheckConstraint(
        condition=~Q(state=State.PUBLISHED) | Q(published_at__isnull=False),
        name=f"{name}_published_has_date",
    )


class SearchWord(models.Model):
    """A word of the published text, for typo correction; rebuilt by index.refresh_vocabulary."""

    plain = models.CharField(max_length=40, primary_key=True)  # lower case, accents folded
    word = models.CharField(max_length=40)  # as written, for showing
    documents = models.PositiveIntegerField()

    class Meta:
        db_table = "initiatives_searchword"  # made by `initiatives`, before this app
        indexes = [
            GinIndex(OpClass("plain", name="gin_trgm_ops"), name="searchword_plain_trgm"),
        ]

    def __str__(self):
        return self.word


class CatalogueVersion:
    """One number that changes with every change to the public catalogue; cache keys carry
    it, so every process and server sees a change at once without explicit invalidation.

    A PostgreSQL sequence (migration 0005), not a row: a row is locked by every transaction
    that changes content until it ends, so a resident's proposal waited for a whole import.
    A sequence takes no lock and its steps show at once, so a change steps it twice: at once,
    and again after its commit, as a page rendered in between may hold what was there before.
    """

    SEQUENCE = "catalogue_version"
    _aside = contextvars.ContextVar("catalogue_version_aside", default=None)

    @classmethod
    def current(cls):
        if (aside := cls._aside.get()) is not None:
            return aside
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT last_value FROM {cls.SEQUENCE}")
            return cursor.fetchone()[0]

    @classmethod
    def bump(cls):
        if cls._aside.get() is not None:  # a change that is rolled back changes nothing
            return
        _step_catalogue_version()
        if connection.in_atomic_block and not any(
            callback is _step_catalogue_version
            for _ids, callback, _robust in connection.run_on_commit
        ):
            transaction.on_commit(_step_catalogue_version)  # once per transaction

    @classmethod
    @contextmanager
    def aside(cls):
        """For a change that is rolled back afterwards (the preview of a pending revision):
        inside, cache keys carry a version of their own that nobody else ever reads, so what
        is rendered from the change never reaches another request's cache, and the version
        does not step, so the caches of everyone else stay valid."""
        reset = cls._aside.set(f"aside-{uuid.uuid4().hex}")
        try:
            yield
        finally:
            cls._aside.reset(reset)


def _step_catalogue_version():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval('{CatalogueVersion.SEQUENCE}')")


class SubmitterDetails(models.Model):
    """Who proposed an item through the site: for the editors only, never on a public page."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class SearchTerm(models.Model):
    """An entry of the search lexicon ("Zoekwoorden"), kept by the editors (see lexicon.py).

    A protected word is indexed and searched as itself: its forms never match words the
    Dutch stemmer merely gives the same stem (ouderen/oudere are not ouders/ouder).
    Synonyms find each other. Both may name English words, for searches on /en/."""

    class Kind(models.TextChoices):
        PROTECTED = "beschermd", _("Protected word")
        SYNONYMS = "synoniemen", _("Synonyms")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    words = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("Dutch words"),
        help_text=_(
            "Separate the words with commas. A protected word: the word first, then its other "
            "forms (for example: ouderen, oudere). Synonyms: words that mean the same (for "
            "example: buurthuis, wijkcentrum, buurtcentrum)."
        ),
    )
    english = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("English words"),
        blank=True,
        default=list,
        help_text=_(
            "English words that mean the same, separated by commas (for example: elderly, "
            "older people). A search on the English site looks for the Dutch words instead."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")
        ordering = ["kind", "words"]

    def __str__(self):
        return ", ".join(self.words)


class SearchForm(models.Model):
    """A form of a protected word and the family it belongs to: what the index functions
    (`catalogue_lexemes`) read. Derived from the lexicon and the taxonomy's names by
    lexicon.rebuild_forms; never edited by hand."""

    form = models.CharField(max_length=60, primary_key=True)  # lower case, accents folded
    family = models.CharField(max_length=60)  # the family's first form
    # The first three letters: compounds are found through them (see the migration).
    head = models.GeneratedField(
        expression=Left("form", 3),
        output_field=models.CharField(max_length=3),
        db_persist=True,
        db_index=True,
    )

    def __str__(self):
        return self.form


class PendingReindex(models.Model):
    """Search vectors to write anew because the lexicon changed: those holding any of
    `words`, or all of them when `words` is empty. Kept until done, so a rebuild that was
    interrupted is taken up again (index.reindex_pending)."""

    words = ArrayField(models.CharField(max_length=60), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)

    def __str__(self):
        return ", ".join(self.words) or "*"


class FormPostsQuerySet(models.QuerySet):
    def count_one(self, *, form, address, window_start):
        """Count one POST and return the window's count so far. One statement (an upsert),
        so posts that reach several workers or servers at once are all counted; the ORM
        has no upsert that adds to a column, hence the SQL."""
        table = connection.ops.quote_name(self.model._meta.db_table)
        sql = (
            f"INSERT INTO {table} (form, address, window_start, posts) VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (form, address, window_start) DO UPDATE SET posts = {table}.posts + 1 "
            "RETURNING posts"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [form, address, window_start])
            return cursor.fetchone()[0]


class FormPosts(models.Model):
    """POSTs to one public form from one visitor (its hashed address) in one window: the
    rate limit's count (protection.py), in the database so that every worker and server
    counts the same posts."""

    form = models.CharField(max_length=30)
    address = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)  # old windows are deleted by it
    posts = models.PositiveIntegerField()

    objects = FormPostsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "address", "window_start"], name="formposts_one_count"
            )
        ]

    def __str__(self):
        return f"{self.form} {self.window_start:%Y-%m-%d %H:%M}: {self.posts}"


class RevisionQuerySet(models.QuerySet):
    def of(self, item):
        """The revision of `item` (at most one), as a queryset."""
        content_type = ContentType.objects.get_for_model(item, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=item.pk)


class Revision(models.Model):
    """What waits for an eindredacteur on one item, or was sent back by one.

    A change a redacteur saved to a published item: the public keeps reading the published
    version while the change waits, kept here as the change form's changed fields and inline
    parts (`data`, see revisions.py), until an eindredacteur publishes it or sends it back
    with a comment. An item in review sent back to draft gets one too, without `data`: the
    comment for its author. At most one per item; published or withdrawn, it is deleted (the
    item's history keeps what went live).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        SENT_BACK = "sent_back", _("Sent back")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    data = models.JSONField(null=True, blank=True, editable=False)
    # The item's `updated_at` when the change was last saved: a later one means the published
    # version changed since.
    based_on = models.DateTimeField(null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    comment = models.TextField(_("comment"), blank=True)
    sent_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_back_at = models.DateTimeField(_("sent back at"), null=True, blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="revision_one_per_item"
            ),
            models.CheckConstraint(
                condition=Q(state="sent_back") | Q(data__isnull=False),
                name="revision_pending_has_data",
            ),
        ]
        indexes = [models.Index(fields=["state", "author"], name="revision_state_author")]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}: {self.state}"

    @property
    def has_changes(self):
        """A change of a published item (not only a comment on an item sent back to draft)."""
        return self.data is not None


def new_subscription_token():
    """The secret in a subscription's confirm and unsubscribe links (URL-safe, 32 characters)."""
    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def due(self, until):
        """Confirmed subscriptions to look at for items published up to `until`: those sent
        right away always, the weekly ones once a week has passed since their last look."""
        week = datetime.timedelta(days=7)
        return self.confirmed().filter(
            Q(frequency=Subscription.Frequency.IMMEDIATELY, sent_until__lt=until)
            | Q(frequency=Subscription.Frequency.WEEKLY, sent_until__lte=until - week)
        )

    def unconfirmed_before(self, moment):
        return self.filter(confirmed_at__isnull=True, created_at__lt=moment)


class Subscription(models.Model):
    """An e-mail alert ("Houd mij op de hoogte"): an address following one list's search.

    Nothing else about the person is kept, and the address serves only these e-mails;
    unsubscribing deletes the row. Confirmed by double opt-in (see alerts.py).
    """

    class Frequency(models.TextChoices):
        IMMEDIATELY = "direct", _("Right away")
        WEEKLY = "wekelijks", _("Once a week")

    email = models.EmailField()
    kind = models.CharField(max_length=30)  # the list's kind by its address ("initiatieven")
    query = models.TextField(blank=True)  # the list's query string: its valid filters only
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    token = models.CharField(max_length=64, unique=True, default=new_subscription_token)
    # The site's address as the visitor used it ("https://wijkplatform.nl"): where the links
    # in its e-mails lead, since the job that writes them has no request to ask.
    site = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Every matching item published up to this moment has been looked at (and mailed).
    sent_until = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | Q(sent_until__isnull=False),
                name="subscription_confirmed_has_start",
            )
        ]

    def __str__(self):
        return f"{self.kind}?{self.query} ({self.frequency})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

"""Index upkeep: each searchable item's stored `search_vector` and link arrays, the
vocabulary for typo correction, and the catalogue version, kept current on every change.

A kind calls `register` from its AppConfig.ready(); registering connects the signals that keep
its index current, for the item, its links and the names it carries (themes, tags, places).
Every model is loaded before any ready() runs, so nothing depends on the order of
INSTALLED_APPS, and no app connects another app's signals.
"""

from datetime import timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models, transaction
from django.db.models import F, Func, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from .links import LINK_ARRAYS, through_ends
from .models import CatalogueVersion, PendingReindex, SearchWord
from .search import REGISTRY, SNIPPETS, Lexemes


def register(model, snippets=(), **weights):
    """Make `model` searchable; weights name fields or relation paths ("themes__name"),
    `snippets` the texts a result's snippet comes from."""
    REGISTRY[model] = weights
    SNIPPETS[model] = snippets
    _connect(model)


def _text(model, path):
    """An SQL text expression for a field or a relation path, usable in an UPDATE."""
    if "__" not in path:
        return Coalesce(F(path), Value(""), output_field=models.TextField())
    relation, attribute = path.split("__", 1)
    field_ = model._meta.get_field(relation)
    if field_.many_to_one:
        related = field_.related_model.objects.filter(pk=OuterRef(field_.attname))
        return Coalesce(
            Subquery(related.values(attribute)[:1]), Value(""), output_field=models.TextField()
        )
    if field_.many_to_many:
        through, own, other = through_ends(model, relation)
        names = through.objects.filter(**{own: OuterRef("pk")}).values(f"{other}__{attribute}")
        return Func(
            ArraySubquery(names),
            Value(" "),
            function="array_to_string",
            output_field=models.TextField(),
        )
    raise ValueError(f"cannot index {model.__name__}.{path}")


def vector_expression(model):
    """The weighted vector of `model`'s fields: catalogue_tsvector (migration 0002) makes the
    lexemes as the query does (search.py), setweight marks the field's weight."""
    parts = [
        Func(
            Func(_text(model, path), function="catalogue_tsvector"),
            Value(weight),
            function="setweight",
        )
        for weight, paths in sorted(REGISTRY[model].items())
        for path in paths
    ]
    return Func(
        *parts, template="(%(expressions)s)", arg_joiner=" || ", output_field=SearchVectorField()
    )


def write_vectors(rows):
    """Write the vectors and link arrays of the rows of a queryset anew."""
    model = rows.model
    links = {column: link_ids(model, relation) for relation, column in LINK_ARRAYS.items()}
    rows.update(search_vector=vector_expression(model), **links)


def link_ids(model, relation):
    """An SQL array of the ids `model`'s rows link to through `relation`, for an UPDATE."""
    through, own, other = through_ends(model, relation)
    ids = through.objects.filter(**{own: OuterRef("pk")}).order_by(f"{other}_id")
    return ArraySubquery(ids.values(f"{other}_id"))


def update_search_index(model, pks=None):
    """Recompute the stored vectors and link arrays of `model`: all rows, or those whose
    primary keys are in `pks`. The vocabulary grows with the words of those rows, or is
    rebuilt for all rows."""
    rows = model._default_manager.all()
    if pks is not None:
        pks = [pk[0] if isinstance(pk, tuple) else pk for pk in pks]
        rows = rows.filter(pk__in=pks)
    write_vectors(rows)
    CatalogueVersion.bump()  # every change to content passes here: cached counts expire
    if pks is None:
        schedule_vocabulary_refresh()
    else:
        add_to_vocabulary(model, pks)


def schedule_vocabulary_refresh():
    """Rebuild the vocabulary once when the current transaction commits, however many models
    it re-indexed. (A rolled-back transaction drops the callback, so nothing gets stuck.)"""
    if not any(entry[1] is refresh_vocabulary for entry in connection.run_on_commit):
        transaction.on_commit(refresh_vocabulary)


def _published_text(model, pks=None):
    """SELECTs of (id, text) for the published rows of `model`: its own text and the names
    of its linked themes, tags and places; limited to `pks` when given."""
    table = model._meta.db_table
    where = "WHERE i.state = 'published'" + (" AND i.id = ANY(%s)" if pks is not None else "")
    paths = [path for paths in REGISTRY[model].values() for path in paths]
    columns = [path for path in paths if "__" not in path]
    text = " || ' ' || ".join(f"coalesce(i.{column}, '')" for column in columns)
    parts = [f"SELECT {text} AS body FROM {table} i {where}"]
    for path in paths:
        if "__" not in path:
            continue
        relation, attribute = path.split("__", 1)
        field_ = model._meta.get_field(relation)
        related = field_.related_model._meta.db_table
        if field_.many_to_one:
            join = f"JOIN {related} r ON r.id = i.{field_.attname}"
        else:
            through, own, other = through_ends(model, relation)
            link = through._meta.db_table
            join = f"JOIN {link} l ON l.{own}_id = i.id JOIN {related} r ON r.id = l.{other}_id"
        parts.append(f"SELECT r.{attribute} FROM {table} i {join} {where}")
    return parts, [pks] * len(parts) if pks is not None else []


def _vocabulary_sql(parts):
    """Count the words of the given texts, folded for matching, without stop words."""
    return f"""
        SELECT max(word), unaccent(word) AS plain, sum(n) FROM (
            SELECT w.word, count(*) AS n
            FROM ({" UNION ALL ".join(parts)}) d(body),
                 regexp_split_to_table(
                     lower(regexp_replace(d.body, '<[^>]*>|&[a-z]+;', ' ', 'g')),
                     '[^[:alnum:]]+') AS w(word)
            WHERE length(w.word) BETWEEN 3 AND 40
            GROUP BY w.word
        ) words
        GROUP BY unaccent(word)
        HAVING ts_lexize('dutch_stem', unaccent(word)) <> '{{}}'  -- stop words: never offered
    """


def refresh_vocabulary():
    """Rebuild the vocabulary of published text that typo correction draws from."""
    parts, params = [], []
    for model in REGISTRY:
        model_parts, model_params = _published_text(model)
        parts += model_parts
        params += model_params
    table = SearchWord._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(
            f"INSERT INTO {table} (word, plain, documents) {_vocabulary_sql(parts)}",
            params,
        )


def add_to_vocabulary(model, pks):
    """Add the words of a few (re)published items. Words are never removed here: a
    suggestion is only made when it matches published text (see SearchRequest)."""
    if not pks:
        return
    parts, params = _published_text(model, pks)
    table = SearchWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (word, plain, documents) {_vocabulary_sql(parts)}"
            " ON CONFLICT (plain) DO UPDATE SET documents ="
            f" {table}.documents + EXCLUDED.documents",
            params,
        )


# Rebuilds after a change of the lexicon ----------------------------------------------------------

REINDEX_BATCH = 500
# A rebuild started this long ago and not crossed off was interrupted: it may be taken again.
REINDEX_STALE = timedelta(minutes=15)


def _holding(words):
    """A tsquery that matches every vector holding any of `words` as the lexicon had them
    or has them now: by stem, by plain form, as a protected family; compounds too."""
    return Lexemes(
        RawSQL(
            "(SELECT string_agg(format('%%s:* | %%s:* | %%s:*',"
            " quote_literal(coalesce((ts_lexize('dutch_stem', w))[1], w)), quote_literal(w),"
            " quote_literal('§' || w || '§')), ' | ') FROM unnest(%s::text[]) w)",
            [list(words)],
        )
    )


def _claim():
    """The oldest rebuild nobody is doing, marked as started; None when there is none."""
    with transaction.atomic():
        job = (
            PendingReindex.objects.select_for_update(skip_locked=True)
            .filter(Q(started_at__isnull=True) | Q(started_at__lt=timezone.now() - REINDEX_STALE))
            .order_by("pk")
            .first()
        )
        if job is not None:
            job.started_at = timezone.now()
            job.save(update_fields=["started_at"])
        return job


def reindex_pending():
    """Write anew the vectors the written-down lexicon changes affect, in short
    transactions (an editor's save waits for one batch at most); cross each change off when
    done. Returns the number of rows written."""
    written = 0
    while (job := _claim()) is not None:
        for model in REGISTRY:
            rows = model._default_manager.all()
            if job.words:
                rows = rows.filter(search_vector=_holding(job.words))
            pks = list(rows.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), REINDEX_BATCH):
                with transaction.atomic():
                    batch = pks[start : start + REINDEX_BATCH]
                    write_vectors(model._default_manager.filter(pk__in=batch))
            written += len(pks)
        CatalogueVersion.bump()
        job.delete()
    return written


# Signals ---------------------------------------------------------------------------------------


def _paths(model):
    return [path for paths in REGISTRY[model].values() for path in paths if "__" in path]


def item_saved(sender, instance, **kwargs):
    update_search_index(sender, [instance.pk])


def item_deleted(sender, instance, **kwargs):
    CatalogueVersion.bump()


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    for model in REGISTRY:
        for path in _paths(model):
            relation = path.split("__", 1)[0]
            field = model._meta.get_field(relation)
            if not field.many_to_many or field.remote_field.through is not sender:
                continue
            if not reverse:
                update_search_index(model, [instance.pk])
            else:  # a theme's list of items changed: pk_set holds those items
                update_search_index(model, pk_set)


def link_row_changed(sender, instance, raw=False, **kwargs):
    """A row of an explicit through model was saved or deleted on its own: a publication's
    authors always are; taggit's tag links are when a fixture loads them (raw), which sends
    no m2m_changed. (An ordinary `tags.add()` sends m2m_changed: handled above.)"""
    if getattr(sender, "tag", None) is not None and not raw:
        return
    for model in REGISTRY:
        for path in _paths(model):
            relation = path.split("__", 1)[0]
            field = model._meta.get_field(relation)
            if field.many_to_many and field.remote_field.through is sender:
                _through, own, _other = through_ends(model, relation)
                update_search_index(model, [getattr(instance, f"{own}_id")])


def _items_carrying(name):
    """(model, pks) of the items that carry a theme's, tag's or place's name (or id)."""
    for model in REGISTRY:
        for path in _paths(model):
            relation = path.split("__", 1)[0]
            field = model._meta.get_field(relation)
            if field.related_model is not type(name):
                continue
            if field.many_to_one:
                pks = model._default_manager.filter(**{relation: name}).values_list("pk")
            else:
                through, own, other = through_ends(model, relation)
                pks = through.objects.filter(**{other: name}).values_list(own)
            yield model, list(pks)


def name_saved(sender, instance, created, **kwargs):
    """A theme, tag or place was renamed: re-index the items that carry its name."""
    if not created:
        for model, pks in _items_carrying(instance):
            update_search_index(model, pks)


def name_deleting(sender, instance, **kwargs):
    """Its links go with it, without a signal of their own: note whose, to re-index them."""
    instance._items_carrying = list(_items_carrying(instance))


def name_deleted(sender, instance, **kwargs):
    for model, pks in getattr(instance, "_items_carrying", []):
        update_search_index(model, pks)


def _connect(model):
    """Keep `model`'s index current: on its own saves, on changes of its links, and when a
    name it carries (a theme, tag or place) is renamed or deleted."""
    label = model._meta.label
    post_save.connect(item_saved, sender=model, dispatch_uid=f"search-{label}")
    post_delete.connect(item_deleted, sender=model, dispatch_uid=f"gone-{label}")
    for path in _paths(model):
        field = model._meta.get_field(path.split("__", 1)[0])
        named = field.related_model
        if field.many_to_many:
            through = field.remote_field.through
            uid = f"search-links-{through._meta.label}"
            m2m_changed.connect(links_changed, sender=through, dispatch_uid=uid)
            if not through._meta.auto_created:
                post_save.connect(link_row_changed, sender=through, dispatch_uid=uid)
                post_delete.connect(link_row_changed, sender=through, dispatch_uid=uid)
        uid = f"search-name-{named._meta.label}"
        post_save.connect(name_saved, sender=named, dispatch_uid=uid)
        pre_delete.connect(name_deleting, sender=named, dispatch_uid=uid)
        post_delete.connect(name_deleted, sender=named, dispatch_uid=uid)

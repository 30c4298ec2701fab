"""The search lexicon (catalogue/lexicon.py): the editors' entries with a Dutch starter set,
the protected forms the index reads, and the rebuilds still to do; the SQL functions that
make lexemes for the index and the query alike. Every existing vector is written anew once,
right after migrate (catalogue.apps)."""

import django.contrib.postgres.fields
import django.db.models.functions.text
from django.db import migrations, models

# One word's lexeme, for a list of words (lower case, accents folded): a protected form
# becomes its family's `§family§`; a word that begins with a form of six letters or more
# (three letters or more left) `§family§` + the stem of the rest, the longest form first
# (a shorter form begins too many other words: "buur" is not in "buurthuis", nor "ouder" in
# "ouderdom"); any other word its Dutch stem; a stop word none. Set-based: called once per
# document, not once per word.
LEXEMES = r"""
CREATE FUNCTION catalogue_lexemes(words text[]) RETURNS TABLE(word text, lexeme text)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT w.word, coalesce(
        '§' || f.family || '§',
        '§' || c.family || '§'
            || coalesce((ts_lexize('dutch_stem', substr(w.word, length(c.form) + 1)))[1], ''),
        (ts_lexize('dutch_stem', w.word))[1])
    FROM unnest(words) w(word)
    LEFT JOIN catalogue_searchform f ON f.form = w.word
    LEFT JOIN LATERAL (
        SELECT c.form, c.family FROM catalogue_searchform c
        WHERE f.form IS NULL AND c.head = left(w.word, 3) AND length(c.form) >= 6
          AND length(w.word) >= length(c.form) + 3 AND starts_with(w.word, c.form)
        ORDER BY length(c.form) DESC LIMIT 1
    ) c ON true
$$
"""

# A text's tsvector: the default parser's words (accents folded, lower case) with their
# positions, each word's lexeme from catalogue_lexemes, the positions of the words that
# share a lexeme merged.
TSVECTOR = r"""
CREATE FUNCTION catalogue_tsvector(doc text) RETURNS tsvector
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(string_agg(
        '''' || replace(replace(l.lexeme, '\', '\\'), '''', '''''') || ''':' || l.positions,
        ' ')::tsvector, ''::tsvector)
    FROM (
        SELECT x.lexeme, string_agg(p::text, ',') AS positions
        FROM unnest(to_tsvector('simple', unaccent(doc))) w(word, positions, weights)
        JOIN catalogue_lexemes(tsvector_to_array(to_tsvector('simple', unaccent(doc)))) x
          ON x.word = w.word
        CROSS JOIN unnest(w.positions) p
        WHERE x.lexeme IS NOT NULL
        GROUP BY x.lexeme
    ) l
$$
"""

# Protected words: the word first, then its other forms; English words that mean the same.
PROTECTED = [
    (["ouderen", "oudere"], ["elderly", "older people", "older persons", "older adults", "old people", "seniors"]),
    (["ouders", "ouder"], ["parents", "parent"]),
    (["ouderdom"], ["old age"]),
    (["jongeren", "jongere"], ["young people", "youth", "youngsters", "teenagers", "adolescents"]),
    (["kinderen", "kind"], ["children", "child", "kids"]),
    (["nieuwkomers", "nieuwkomer"], ["newcomers", "newcomer"]),
    (["mantelzorgers", "mantelzorger", "mantelzorg"], ["carers", "caregivers", "informal care", "informal carers", "family carers"]),
    (["vrijwilligers", "vrijwilliger"], ["volunteers", "volunteer"]),
    (["eenzaamheid", "eenzaam", "eenzame"], ["loneliness", "lonely", "isolation", "social isolation"]),
    (["armoede"], ["poverty", "poor"]),
    (["gezondheid", "gezond", "gezonde"], ["health", "healthy", "wellbeing", "well-being"]),
    (["veiligheid", "veilig", "veilige"], ["safety", "safe", "security"]),
    (["taal", "talen"], ["language", "languages", "literacy"]),
    (["opvoeden", "opvoeding", "opvoedt", "opvoeders"], ["parenting", "upbringing", "raising children"]),
    (["wonen", "woont", "woning", "woningen"], ["housing", "living", "homes"]),
    (["participatie", "participeren"], ["participation"]),
    (["zelforganisatie", "zelforganisaties"], ["self-organisation", "self-organization", "community-led"]),
    (["ervaringsdeskundigheid", "ervaringsdeskundige", "ervaringsdeskundigen"], ["lived experience", "experts by experience", "peer support"]),
    (["buren", "buur"], ["neighbours", "neighbors", "neighbour", "neighbor"]),
    (["wijk", "wijken"], ["district", "districts"]),
]

# Synonyms: words (or phrases) that find each other.
SYNONYMS = [
    (["alleen", "eenzaam"], []),
    (["buurthuis", "wijkcentrum", "buurtcentrum", "wijkgebouw"], ["community centre", "community center", "neighbourhood centre"]),
    (["nieuwkomers", "statushouders", "vluchtelingen"], ["refugees", "refugee", "asylum seekers"]),
    (["lhbtiq", "lhbti", "lhbt", "queer"], ["lgbt", "lgbtq", "lgbtqi", "lgbtiq", "lgbtqia"]),
    (["ouderen", "senioren"], []),
    (["buurt", "wijk"], ["neighbourhood", "neighborhood", "community"]),
    (["vrijwillige inzet", "vrijwilligerswerk"], ["volunteering", "volunteer work", "voluntary work"]),
    (["sociale cohesie", "samenhang"], ["social cohesion", "cohesion"]),
    (["sociale inclusie", "inclusie", "meedoen"], ["social inclusion", "inclusion"]),
    (["sociale empowerment", "empowerment", "eigen kracht"], ["empowerment"]),
    (["sociaaleconomische zekerheid", "bestaanszekerheid"], ["economic security", "financial security"]),
    (["beperking", "handicap"], ["disability", "disabilities", "disabled"]),
    (["psychische kwetsbaarheid", "psychische problemen", "ggz"], ["mental health", "mental illness"]),
    (["weinig geld", "geldzorgen", "minima", "schulden"], ["low income", "debt", "money worries"]),
    (["koken", "kookclub", "samen eten"], ["cooking", "cook", "shared meals"]),
    (["ontmoeting", "ontmoetingsplek"], ["meeting", "meeting place", "get-together"]),
    (["tuinieren", "moestuin", "buurttuin"], ["gardening", "community garden", "vegetable garden"]),
    (["sport", "bewegen"], ["sports", "exercise", "physical activity"]),
]


def seed(apps, schema_editor):
    term = apps.get_model("catalogue", "SearchTerm")
    term.objects.bulk_create(
        [term(kind="beschermd", words=words, english=english) for words, english in PROTECTED]
        + [term(kind="synoniemen", words=words, english=english) for words, english in SYNONYMS]
    )


class Migration(migrations.Migration):

    dependencies = [
        ('catalogue', '0001_initial'),
        ('cases', '0010_layout_apps'),
    ]

    operations = [
        migrations.CreateModel(
            name='PendingReindex',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('words', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), default=list, size=None)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('started_at', models.DateTimeField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='SearchForm',
            fields=[
                ('form', models.CharField(max_length=60, primary_key=True, serialize=False)),
                ('family', models.CharField(max_length=60)),
                ('head', models.GeneratedField(db_index=True, db_persist=True, expression=django.db.models.functions.text.Left('form', 3), output_field=models.CharField(max_length=3))),
            ],
        ),
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('beschermd', 'Protected word'), ('synoniemen', 'Synonyms')], max_length=10, verbose_name='kind')),
                ('words', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), help_text='Separate the words with commas. A protected word: the word first, then its other forms (for example: ouderen, oudere). Synonyms: words that mean the same (for example: buurthuis, wijkcentrum, buurtcentrum).', size=None, verbose_name='Dutch words')),
                ('english', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=60), blank=True, default=list, help_text='English words that mean the same, separated by commas (for example: elderly, older people). A search on the English site looks for the Dutch words instead.', size=None, verbose_name='English words')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'search word',
                'verbose_name_plural': 'search words',
                'ordering': ['kind', 'words'],
            },
        ),
        migrations.RunSQL(LEXEMES, "DROP FUNCTION catalogue_lexemes(text[])"),
        migrations.RunSQL(TSVECTOR, "DROP FUNCTION catalogue_tsvector(text)"),
        migrations.RunPython(seed, migrations.RunPython.noop),
        # Every vector is to be written anew once (after migrate: catalogue.apps), if any.
        migrations.RunSQL(
            """
            INSERT INTO catalogue_pendingreindex (words, created_at)
            SELECT '{}', now()
            WHERE EXISTS (SELECT FROM initiatives_initiative)
               OR EXISTS (SELECT FROM cases_case) OR EXISTS (SELECT FROM cases_publication)
            """,
            migrations.RunSQL.noop,
        ),
    ]

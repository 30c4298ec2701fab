"""Every theme and target group gets a one-line explanation in plain Dutch (B1), shown beside
it where people choose. The taxonomy in fixtures/ carries the same lines; a database that
loaded it before gets them here, matched by slug, without touching a line an editor wrote."""

from django.db import migrations, models

THEMES = {
    "bonding": "Mensen die iets gemeen hebben, zoeken elkaar op en steunen elkaar.",
    "bridging": "Contact met mensen buiten je eigen groep, bijvoorbeeld van een andere leeftijd of afkomst.",
    "linking": "Contact met de gemeente en organisaties, zodat bewoners gehoord worden en hulp krijgen.",
    "sociale-cohesie": "Buren kennen elkaar, helpen elkaar en zorgen samen voor de buurt.",
    "sociale-inclusie": "Iedereen hoort erbij en kan meedoen, ook wie het moeilijk heeft.",
    "sociaaleconomische-zekerheid": "Genoeg geld, een huis en werk of een zinvolle dag: de basis om mee te doen.",
    "sociale-empowerment": "Mensen ontdekken wat ze kunnen en krijgen meer grip op hun leven.",
    "zelforganisatie": "Bewoners bedenken en regelen het zelf.",
    "vrijwillige-inzet": "Mensen helpen mee zonder dat ze ervoor betaald krijgen.",
    "ervaringsdeskundigheid": "Mensen helpen anderen met wat ze zelf hebben meegemaakt, zoals armoede of ziekte.",
    "eenzaamheid": "Voor mensen die contact met anderen missen.",
    "armoede": "Voor mensen die te weinig geld hebben om rond te komen.",
    "gezondheid": "Je goed voelen in je lijf en in je hoofd.",
    "participatie": "Meedoen: werken, vrijwilligerswerk doen, leren of meepraten over je buurt.",
    "wonen": "Een goed en betaalbaar huis in een fijne buurt.",
    "veiligheid": "Je veilig voelen op straat, thuis en in de buurt.",
    "opvoeden": "Kinderen laten opgroeien, en ouders die elkaar daarbij helpen.",
    "taal": "Beter Nederlands leren spreken, lezen en schrijven.",
}
TARGET_GROUPS = {
    "ouderen": "Mensen van ongeveer 65 jaar en ouder.",
    "jongeren": "Jongeren van ongeveer 12 tot 27 jaar.",
    "kinderen": "Kinderen tot ongeveer 12 jaar.",
    "ouders": "Vaders, moeders en andere opvoeders.",
    "nieuwkomers": "Mensen die nog niet lang in Nederland wonen.",
    "mensen-met-een-beperking": "Mensen met een lichamelijke, zintuiglijke of verstandelijke beperking.",
    "psychische-kwetsbaarheid": "Mensen die psychische klachten hebben of hadden, zoals angst of somberheid.",
    "mantelzorgers": "Mensen die lange tijd zorgen voor een partner, ouder, kind of vriend, zonder betaald te worden.",
    "lhbtiq": "Lesbische, homo, bi, trans, intersekse en queer personen.",
    "bewoners-met-weinig-geld": "Bewoners met een laag inkomen, schulden of geldzorgen.",
}
HELP_TEXT = (
    "One short sentence in everyday words. Shown beside the choice in the filters and the form "
    "for proposing an initiative."
)


def fill_explanations(apps, schema_editor):
    for model_name, lines in (("Theme", THEMES), ("TargetGroup", TARGET_GROUPS)):
        model = apps.get_model("themes", model_name)
        for slug, line in lines.items():
            model.objects.filter(slug=slug, explanation="").update(explanation=line)


class Migration(migrations.Migration):

    dependencies = [
        ('themes', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='targetgroup',
            name='explanation',
            field=models.CharField(blank=True, help_text=HELP_TEXT, max_length=200, verbose_name='explanation in plain words'),
        ),
        migrations.AddField(
            model_name='theme',
            name='explanation',
            field=models.CharField(blank=True, help_text=HELP_TEXT, max_length=200, verbose_name='explanation in plain words'),
        ),
        migrations.RunPython(fill_explanations, migrations.RunPython.noop),
    ]

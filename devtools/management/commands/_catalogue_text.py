"""Dutch text for `seed_catalogue`: word pools and a deterministic generator.

Everything is drawn from one `random.Random`, so a seed gives the same catalogue every time.
The sentences are about what the catalogue is about (bonding, bridging, zelforganisatie,
eenzaamheid, armoede, …) and follow an item's themes, so full-text search over the seeded
data behaves like search over real data: a word such as "eenzaamheid" is frequent in
initiatives with that theme and rare elsewhere. The pools carry compound words (buurthuis,
mantelzorgcafé), inflections (ouderen, buurtbewoners) and accents (reünie, café, één), the
things Dutch stemming and `unaccent` must handle.

The HTML uses only tags the rich-text allow-list keeps (p, ul, li, strong), so sanitising it
again would change nothing.
"""

# (name, definite article): "het taalcafé", "de moestuin".
KINDS = [
    ("Buurtkamer", "de"),
    ("Buurthuis", "het"),
    ("Taalcafé", "het"),
    ("Moestuin", "de"),
    ("Repaircafé", "het"),
    ("Wandelgroep", "de"),
    ("Mantelzorgcafé", "het"),
    ("Ontmoetingsplek", "de"),
    ("Buurtkeuken", "de"),
    ("Huiskamer", "de"),
    ("Inloophuis", "het"),
    ("Kookclub", "de"),
    ("Buurtmoestuin", "de"),
    ("Voorleesclub", "de"),
    ("Naaiatelier", "het"),
    ("Fietsenwerkplaats", "de"),
    ("Klussendienst", "de"),
    ("Burenhulp", "de"),
    ("Jongerenplatform", "het"),
    ("Ouderensoos", "de"),
    ("Vrouwengroep", "de"),
    ("Vadersgroep", "de"),
    ("Buurtsportclub", "de"),
    ("Digicafé", "het"),
    ("Geheugencafé", "het"),
    ("Koffieochtend", "de"),
    ("Buurtbieb", "de"),
    ("Ruilwinkel", "de"),
    ("Weggeefwinkel", "de"),
    ("Kledingbank", "de"),
    ("Taalmaatjesproject", "het"),
    ("Vriendschapsproject", "het"),
    ("Buurtpreventie", "de"),
    ("Speeltuinvereniging", "de"),
    ("Buurtcoöperatie", "de"),
    ("Eettafel", "de"),
    ("Zomerschool", "de"),
    ("Huiswerkklas", "de"),
    ("Theatergroep", "de"),
    ("Muziekcafé", "het"),
    ("Verhalentafel", "de"),
    ("Dorpshuis", "het"),
    ("Buurtbus", "de"),
]
KIND_ARTICLES = dict(KINDS)

HOUSE_NAMES = [
    "De Linde",
    "De Eik",
    "Het Anker",
    "De Brug",
    "De Kastanje",
    "Het Baken",
    "De Vonk",
    "De Ontmoeting",
    "Het Trefpunt",
    "De Schakel",
    "De Horizon",
    "Het Kompas",
    "De Wilg",
    "De Regenboog",
    "De Zonnebloem",
    "De Kring",
    "'t Hofje",
    "De Meander",
    "De Boomgaard",
    "Het Klaverblad",
    "De Vlinder",
    "De Haven",
    "Het Hart",
    "De Sleutel",
    "De Wieken",
]

SLOGANS = [
    "Samen Groen",
    "Vitaal",
    "Samen Sterk",
    "Voor Elkaar",
    "Met Elkaar",
    "Doe Mee",
    "Thuis in de Wijk",
    "Nieuwe Buren",
    "Ons Plein",
    "Iedereen Welkom",
    "Samen Eten",
    "Goed Buur",
    "Zorg voor Elkaar",
    "Één Buurt",
    "Onder Één Dak",
    "Naoberschap",
    "Buurt in Bloei",
    "Open Deur",
    "Gewoon Meedoen",
    "Warm Welkom",
]

NEIGHBOURHOODS = [
    "Bloemenbuurt",
    "Vogelwijk",
    "Schildersbuurt",
    "Rivierenwijk",
    "Bomenwijk",
    "Componistenbuurt",
    "Oude Dorp",
    "Stationsbuurt",
    "Havenkwartier",
    "Molenwijk",
    "Kerkbuurt",
    "De Hoven",
    "Overvecht",
    "Hoogkamp",
    "Zeeheldenbuurt",
    "Dichterswijk",
    "Indische Buurt",
    "Spoorzone",
    "Tuindorp",
    "Het Veld",
]

COMPASS = ["Noord", "Oost", "Zuid", "West", "Centrum"]

GROUPS = [
    "ouderen",
    "jongeren",
    "buurtbewoners",
    "vrijwilligers",
    "nieuwkomers",
    "statushouders",
    "mantelzorgers",
    "alleenstaande ouders",
    "moeders met jonge kinderen",
    "senioren",
    "mannen van middelbare leeftijd",
    "bewoners met weinig geld",
    "gezinnen",
    "kinderen",
    "mensen met een licht verstandelijke beperking",
    "mensen met psychische kwetsbaarheid",
    "ervaringsdeskundigen",
    "studenten",
    "werkzoekenden",
    "eenzame ouderen",
    "buren",
    "vrouwen met een migratieachtergrond",
    "LHBTIQ+-jongeren",
    "nieuwe bewoners",
]

PLACES = [
    "het buurthuis",
    "de buurtkamer",
    "de bibliotheek",
    "het wijkcentrum",
    "de moskee",
    "de kerkzaal",
    "het gemeenschapshuis",
    "een leegstaand winkelpand",
    "de basisschool",
    "de speeltuin",
    "het dorpshuis",
    "een huiskamer in de flat",
    "de volkstuin",
    "het zorgcentrum",
    "de sportkantine",
    "het café op de hoek",
    "de ontmoetingsplek",
]

# (with "te", as in "om samen te koken"; the plain infinitive)
ACTIVITIES = [
    ("samen te koken", "samen koken"),
    ("samen te eten", "samen eten"),
    ("te wandelen", "wandelen"),
    ("te tuinieren", "tuinieren"),
    ("Nederlands te oefenen", "Nederlands oefenen"),
    ("kapotte spullen te repareren", "kapotte spullen repareren"),
    ("koffie te drinken", "koffie drinken"),
    ("spelletjes te doen", "spelletjes doen"),
    ("te sporten", "sporten"),
    ("te naaien", "naaien"),
    ("voor te lezen", "voorlezen"),
    ("muziek te maken", "muziek maken"),
    ("te klussen", "klussen"),
    ("formulieren in te vullen", "formulieren invullen"),
    ("een reünie voor te bereiden", "een reünie voorbereiden"),
    ("fietsles te geven", "fietsles geven"),
    ("huiswerk te maken", "huiswerk maken"),
    ("verhalen te delen", "verhalen delen"),
    ("de buurt schoon te houden", "de buurt schoonhouden"),
]

FREQUENCIES = [
    "elke week",
    "elke dinsdagochtend",
    "twee keer per week",
    "iedere eerste zaterdag van de maand",
    "elke woensdagmiddag",
    "dagelijks",
    "om de week",
    "elke vrijdagavond",
    "iedere maandagochtend",
]

FIRST_NAMES = [
    "Fatima",
    "Ans",
    "Mohamed",
    "Ingrid",
    "Kees",
    "Samira",
    "Joke",
    "Henk",
    "Ahmed",
    "Marieke",
    "Yusuf",
    "Wilma",
    "Piet",
    "Aïcha",
    "Zoë",
    "Noël",
    "Chloë",
    "Anouk",
    "Sanne",
    "Daan",
    "Tessa",
    "Bram",
    "Mustafa",
    "Gerda",
    "Riet",
    "Hatice",
    "Jan",
    "Esther",
    "René",
    "Agnès",
    "Thijs",
    "Naima",
    "Gijs",
    "Mirjam",
    "Karim",
    "Loes",
    "Desiree",
    "Priya",
]

# (surname, prefix)
SURNAMES = [
    ("Vries", "de"),
    ("Jansen", ""),
    ("Berg", "van den"),
    ("Bakker", ""),
    ("El Amrani", ""),
    ("Yilmaz", ""),
    ("Visser", ""),
    ("Smit", ""),
    ("Meijer", ""),
    ("Boer", "de"),
    ("Mulder", ""),
    ("Bouzid", ""),
    ("Kaya", ""),
    ("Dijk", "van"),
    ("Hendriks", ""),
    ("Dekker", ""),
    ("Brouwer", ""),
    ("Wit", "de"),
    ("Dijkstra", ""),
    ("Ouali", ""),
    ("Postma", ""),
    ("Leeuwen", "van"),
    ("Kramer", ""),
    ("Haan", "de"),
    ("Çelik", ""),
    ("Groot", "de"),
    ("Vos", ""),
    ("Peters", ""),
]

ROLES = [
    "deelnemer",
    "vrijwilliger",
    "initiatiefnemer",
    "buurtbewoner",
    "opbouwwerker",
    "coördinator",
    "mantelzorger",
    "ervaringsdeskundige",
    "wijkverpleegkundige",
]

STREETS = [
    "Lindelaan",
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Schoolstraat",
    "Julianastraat",
    "Wilhelminaplein",
    "Stationsweg",
    "Beatrixlaan",
    "Kastanjelaan",
    "Marktplein",
    "Prins Hendrikstraat",
    "Van Goghstraat",
    "Rembrandtlaan",
    "Hoofdstraat",
    "Nieuwstraat",
    "Parkweg",
    "Emmastraat",
    "Oranjestraat",
    "Spoorlaan",
    "Eikenlaan",
    "Havenstraat",
]

ORGANISATION_FORMS = [
    "Stichting {slogan}",
    "Bewonersvereniging {wijk}",
    "Welzijn {gemeente}",
    "Buurtcoöperatie {wijk}",
    "Vereniging Dorpsbelang {gemeente}",
    "Stichting {house}",
    "Bewonersgroep {wijk}",
    "Vrijwilligerscentrale {gemeente}",
    "Huurdersvereniging {wijk}",
]

LANGUAGES = [
    "Nederlands",
    "Nederlands, Engels",
    "Nederlands, Arabisch",
    "Nederlands, Turks",
    "Nederlands, Tigrinya",
    "Nederlands, Pools",
    "Nederlands, Fries",
    "Nederlands, Papiaments",
    "Nederlands, Oekraïens",
]

TAGS = [
    "koffie",
    "samen eten",
    "koken",
    "wandelen",
    "tuinieren",
    "taal",
    "Nederlands oefenen",
    "repareren",
    "duurzaamheid",
    "ontmoeting",
    "huiskamer",
    "buurtkamer",
    "mantelzorg",
    "dementie",
    "eenzaamheid",
    "armoede",
    "schulden",
    "voedsel",
    "kleding",
    "moestuin",
    "sport",
    "bewegen",
    "gezondheid",
    "jongeren",
    "ouderen",
    "kinderen",
    "opvoeding",
    "huiswerk",
    "digitale vaardigheden",
    "fietsen",
    "muziek",
    "kunst",
    "cultuur",
    "theater",
    "verhalen",
    "reünie",
    "buurtfeest",
    "groen",
    "natuur",
    "klussen",
    "burenhulp",
    "vrijwilligerswerk",
    "statushouders",
    "nieuwkomers",
    "vrouwen",
    "vaders",
    "LHBTIQ+",
    "psychische gezondheid",
    "herstel",
    "ervaringsdeskundigheid",
    "zelforganisatie",
    "wijkbudget",
    "buurtcoöperatie",
    "corona",
    "veiligheid",
    "speeltuin",
    "bibliotheek",
    "café",
    "taalcafé",
    "één op één",
]

# --- sentences ---------------------------------------------------------------------------
# Placeholders: {groep} {groep2} {plek} {activiteit} {freq} {gemeente} {n} {jaar} {naam}
# {soort} (kind of initiative, lower case) {soort_bep} (with its article) {titel}.

INTRO = [
    "{titel} is een plek waar {groep} elkaar {freq} ontmoeten.",
    "{freq_cap} komen {groep} samen in {plek} om {activiteit}.",
    "In {plek} staat de deur {freq} open voor {groep} uit de buurt.",
    "Het idee ontstond in {jaar}, toen een paar {groep} merkten dat er in de wijk geen plek "
    "was om elkaar te ontmoeten.",
    "{soort_bep} begon klein, met vijf {groep} aan de keukentafel van {naam}.",
    "Wat begon als een koffieochtend, groeide uit tot een vaste ontmoetingsplek in {gemeente}.",
    "Inmiddels doen er zo'n {n} bewoners mee, van jong tot oud.",
    "Er is altijd koffie en thee, en één keer per maand eten we samen.",
    "Het café in {plek} is een laagdrempelige plek waar iedereen binnen kan lopen.",
]

BY_THEME = {
    "bonding": [
        "Wat {groep} bindt, is dat ze elkaar herkennen in hun ervaringen.",
        "In een vertrouwde groep durven {groep} te vertellen wat hen bezighoudt.",
        "Deelnemers voelen zich thuis omdat ze dezelfde taal spreken en dezelfde zorgen delen.",
        "Bonding is hier de basis: eerst ontstaat vertrouwen binnen de eigen groep.",
        "Voor veel {groep} is dit de eerste plek waar ze zich echt begrepen voelen.",
    ],
    "bridging": [
        "Vanuit die veilige basis leggen {groep} contact met andere buurtbewoners.",
        "Zo ontmoeten {groep} en {groep2} elkaar, terwijl ze elkaar anders nooit hadden gesproken.",
        "{soort_bep} slaat een brug tussen oude en nieuwe bewoners van de wijk.",
        "Bridging gebeurt vanzelf als mensen samen iets doen, zoals {activiteit_kort}.",
        "Langzaam verdwijnen de vooroordelen tussen {groep} en {groep2}.",
    ],
    "linking": [
        "Bewoners praten nu rechtstreeks met de woningcorporatie en de gemeente {gemeente}.",
        "Via {soort_bep} kregen {groep} een stem in het wijkoverleg.",
        "De wethouder kwam op bezoek en beloofde de ideeën van de bewoners mee te nemen.",
    ],
    "zelforganisatie": [
        "Het initiatief is ontstaan uit zelforganisatie: een paar bewoners namen het heft in "
        "eigen hand.",
        "De bewoners bepalen zelf het programma; professionals staan op de achtergrond klaar.",
        "Vrijwilligers regelen alles zelf, van de sleutel van {plek} tot de boodschappen.",
        "Zelforganisaties van {groep} zijn vaak beter in staat hun achterban te bereiken dan "
        "instellingen.",
    ],
    "vrijwillige-inzet": [
        "Zonder de inzet van vrijwilligers zou er niets gebeuren.",
        "Elke vrijwilliger doet wat bij hem of haar past: koken, klussen of een luisterend oor "
        "bieden.",
        "We zoeken nog vrijwilligers die een paar uur per week willen helpen.",
    ],
    "ervaringsdeskundigheid": [
        "Ervaringsdeskundigen zetten hun eigen verhaal in om anderen te steunen.",
        "Omdat de begeleiders zelf hebben meegemaakt wat deelnemers doormaken, is het "
        "vertrouwen groot.",
    ],
    "eenzaamheid": [
        "Veel deelnemers voelden zich eenzaam voordat ze hier kwamen.",
        "Voor wie alleen woont, is de wekelijkse ontmoeting vaak het enige vaste contact.",
        "Eenzaamheid onder {groep} is groter dan vaak gedacht, ook in {gemeente}.",
        "Een praatje bij de koffie lijkt klein, maar doorbreekt voor sommigen weken van "
        "eenzaamheid.",
    ],
    "armoede": [
        "Meedoen kost niets, zodat ook bewoners met weinig geld kunnen aansluiten.",
        "Wie het financieel moeilijk heeft, vindt hier praktische hulp en een luisterend oor.",
        "Samen met de voedselbank en de schuldhulpverlening zoeken we naar oplossingen.",
        "Armoede gaat vaak samen met schaamte; hier hoeft niemand zich te schamen.",
    ],
    "gezondheid": [
        "Samen bewegen houdt {groep} fit en geeft energie.",
        "De wijkverpleegkundige schuift regelmatig aan voor vragen over gezondheid.",
        "Gezond eten hoeft niet duur te zijn: dat laten we zien met eenvoudige recepten.",
    ],
    "participatie": [
        "Iedereen die mee wil doen, is welkom, ook wie nog maar kort in Nederland woont.",
        "Deelnemers ontdekken wat ze kunnen en nemen steeds meer taken op zich.",
    ],
    "wonen": [
        "Bewoners van de flat kennen elkaar nu bij naam.",
        "Samen met de woningcorporatie kreeg de groep een eigen ruimte op de begane grond.",
    ],
    "veiligheid": [
        "Sinds de buurtpreventie actief is, voelen bewoners zich veiliger op straat.",
        "Wie elkaar kent, let beter op elkaar: dat merken we in de hele straat.",
    ],
    "opvoeden": [
        "Ouders wisselen ervaringen uit over opvoeden en school.",
        "Terwijl de kinderen spelen, praten de ouders over wat hen bezighoudt.",
    ],
    "taal": [
        "In het taalcafé oefenen nieuwkomers Nederlands in gewone gesprekken.",
        "Taalmaatjes helpen bij brieven, formulieren en het eerste gesprek met de huisarts.",
        "Wie de taal spreekt, durft ook vaker mee te doen in de buurt.",
    ],
    "sociale-cohesie": [
        "De sociale cohesie in de buurt is merkbaar sterker geworden.",
        "Buren helpen elkaar nu vaker met boodschappen of een klusje.",
    ],
    "sociale-inclusie": [
        "Ook {groep} horen erbij en doen volwaardig mee.",
        "{soort_bep} is toegankelijk voor iedereen, met of zonder beperking.",
    ],
    "sociaaleconomische-zekerheid": [
        "Een aantal deelnemers vond via de groep een baan of een zinvolle dagbesteding.",
        "Samen zoeken we uit op welke toeslagen en regelingen bewoners recht hebben.",
    ],
    "sociale-empowerment": [
        "Deelnemers krijgen meer grip op hun eigen leven en hun omgeving.",
        "Wie eerst alleen kwam kijken, organiseert nu zelf activiteiten.",
    ],
}

CLOSING = [
    "Nieuwe ideeën zijn welkom: wie iets wil organiseren, krijgt daarvoor de ruimte.",
    "De gemeente {gemeente} ondersteunt het initiatief met een kleine subsidie.",
    "Sinds {jaar} groeit het aantal deelnemers gestaag.",
    "Onlangs organiseerden we een reünie voor iedereen die ooit heeft meegedaan.",
    "Coördinator {naam} vertelt: 'Het mooiste is dat mensen elkaar nu ook buiten de groep "
    "opzoeken.'",
    "Wil je meedoen of meehelpen? Kom gerust een keer langs, aanmelden is niet nodig.",
    "De ideeën voor nieuwe activiteiten komen van de deelnemers zelf.",
]

SUMMARY = [
    "{titel}: {groep} ontmoeten elkaar {freq} in {plek} om {activiteit}.",
    "Een {soort} in {gemeente} waar {groep} en {groep2} {activiteit_kort}.",
    "Bewoners organiseren zelf een {soort} voor {groep}, met aandacht voor {thema}.",
    "{freq_cap} {activiteit_kort} met {groep} in {plek}; iedereen is welkom.",
]

CASE_SECTIONS = {
    "initiators": [
        "Het initiatief begon bij {naam}, die als {rol} zag dat {groep} nergens terechtkonden.",
        "Partners zijn de woningcorporatie, het welzijnswerk en de bibliotheek in {gemeente}.",
        "Een kerngroep van zes {groep} draagt het initiatief, met steun van een opbouwwerker.",
        "Later sloten een huisartsenpraktijk en een basisschool zich aan.",
    ],
    "aim": [
        "Het doel is dat {groep} een plek hebben waar ze zich thuis voelen.",
        "De initiatiefnemers wilden eenzaamheid doorbreken en de onderlinge steun versterken.",
        "Op termijn moeten {groep} ook de weg vinden naar andere voorzieningen in de wijk.",
        "Het initiatief wil bonding en bridging combineren: eerst samen sterk, dan samen open.",
    ],
    "approach": [
        "{freq_cap} is er een bijeenkomst in {plek}, waar deelnemers {activiteit_kort}.",
        "Nieuwe deelnemers worden persoonlijk uitgenodigd door iemand die ze al kennen.",
        "De groep werkt met vaste rollen: gastvrouw, kok, penningmeester en contactpersoon.",
        "Eén keer per jaar is er een open dag voor de hele buurt.",
    ],
    "results": [
        "Na een jaar kwamen er gemiddeld {n} mensen per bijeenkomst.",
        "Deelnemers zeggen zich minder eenzaam te voelen en meer mensen in de buurt te kennen.",
        "Een aantal {groep} heeft inmiddels zelf een taak als vrijwilliger.",
        "De gemeente {gemeente} noemt het initiatief als voorbeeld in haar beleid.",
    ],
    "setbacks": [
        "De grootste uitdaging was het vinden van een vaste, betaalbare ruimte.",
        "Tijdens corona lag alles stil en vielen deelnemers terug in isolement.",
        "Het bleek lastig om {groep2} te bereiken; zij voelden zich niet direct aangesproken.",
        "Als de trekker wegvalt, dreigt het initiatief stil te vallen.",
    ],
    "lessons": [
        "Begin klein en laat de groep zelf bepalen wat er gebeurt.",
        "Een vaste plek en een vast tijdstip geven houvast.",
        "Professionals moeten ruimte geven en pas helpen als daar om gevraagd wordt.",
        "Bonding is geen eindpunt: vanuit de eigen groep ontstaat vanzelf contact met anderen.",
        "Eten verbindt: samen koken en eten verlaagt de drempel.",
    ],
    "role_of_professionals": [
        "De opbouwwerker hielp bij de start en trok zich daarna geleidelijk terug.",
        "De gemeente {gemeente} stelt de ruimte gratis beschikbaar.",
        "Het wijkteam verwijst bewoners door die baat kunnen hebben bij de groep.",
        "Professionals sluiten aan als gast, niet als organisator.",
    ],
    "funding": [
        "Het initiatief draait op een bijdrage uit het wijkbudget van {gemeente}.",
        "Een lokaal fonds betaalde de inrichting van {plek}.",
        "De woningcorporatie betaalt de huur; deelnemers leggen een euro in voor de koffie.",
        "Jaarlijks is er ongeveer € {bedrag} nodig, vooral voor boodschappen en materiaal.",
    ],
}

QUOTES = [
    "Hier hoef ik niets uit te leggen, iedereen snapt het.",
    "Ik kwam voor de koffie en bleef voor de mensen.",
    "Vroeger groetten we elkaar niet eens, nu weten we wie er hulp nodig heeft.",
    "Het voelt als een tweede huiskamer.",
    "Door de groep durfde ik weer naar buiten.",
    "Als professional leer je hier vooral te luisteren.",
    "Je moet het de bewoners gunnen om het zelf te doen.",
    "Eén keer per week is genoeg om het verschil te maken.",
]

PUBLICATION_TOPICS = [
    "bonding als basis voor bridging",
    "zelforganisatie van bewoners in een kwetsbare positie",
    "eenzaamheid in de wijk",
    "armoede en meedoen",
    "werken met ervaringsdeskundigen",
    "de rol van professionals bij bewonersinitiatieven",
    "ontmoetingsplekken in de buurt",
    "taalcafés en taalmaatjes",
    "mantelzorgers in de wijk",
    "jongeren en buurtontwikkeling",
    "nieuwkomers en hun buren",
    "buurtcoöperaties",
    "ouderen en ontmoeting",
    "sociale cohesie meten",
    "financiering van bewonersinitiatieven",
]

PUBLICATION_ORGANISATIONS = [
    "Kenniswerkplaats Samen in de Wijk",
    "Lectoraat Buurtontwikkeling",
    "Stichting Buurtkennis",
    "Landelijk Netwerk Zelforganisaties",
    "Wijkplatform",
]

PUBLICATION_SERIES = ["Wijkverhalen", "Buurt in beeld", "Werkzame elementen"]


def capitalise(text):
    return text[:1].upper() + text[1:]


def paragraph(sentences):
    return "<p>" + " ".join(sentences) + "</p>"


class DutchText:
    """Deterministic Dutch titles, summaries and paragraphs from one random generator."""

    def __init__(self, rng, theme_names):
        """`theme_names`: {slug: name} of the themes items can have."""
        self.rng = rng
        self.theme_names = {slug: name.lower() for slug, name in theme_names.items()}
        # Sentence pools per theme slug; themes the pools do not know fall back to INTRO.
        self.by_theme = {slug: BY_THEME.get(slug, INTRO) for slug in theme_names}

    def person(self):
        first = self.rng.choice(FIRST_NAMES)
        surname, infix = self.rng.choice(SURNAMES)
        return " ".join(part for part in (first, infix, surname) if part)

    def title(self, municipality_name):
        rng = self.rng
        kind, article = rng.choice(KINDS)
        pattern = rng.random()
        if pattern < 0.25:
            name = rng.choice(HOUSE_NAMES)
        elif pattern < 0.45:
            name = rng.choice(SLOGANS)
        elif pattern < 0.6:
            name = rng.choice(NEIGHBOURHOODS)
        elif pattern < 0.75:
            name = rng.choice(COMPASS)
        elif pattern < 0.92 and municipality_name:
            name = municipality_name
        elif municipality_name:
            name = f"{municipality_name}-{rng.choice(COMPASS)}"
        else:
            name = rng.choice(SLOGANS)
        return f"{article} {kind.lower()}", f"{kind} {name}"

    def kind_of(self, title):
        """'het taalcafé' for 'Taalcafé Noord', as title() gives it."""
        name = title.split(" ", 1)[0]
        article = KIND_ARTICLES.get(name)
        return f"{article} {name.lower()}" if article else "het initiatief"

    def slots(self, *, title, kind, municipality_name, year):
        """The placeholders of one item's sentences; `kind` is "het taalcafé" (from title())."""
        rng = self.rng
        groups = rng.sample(GROUPS, 2)
        activity, activity_short = rng.choice(ACTIVITIES)
        freq = rng.choice(FREQUENCIES)
        return {
            "titel": title,
            "soort": kind.split(" ", 1)[1],
            "soort_bep": kind,
            "groep": groups[0],
            "groep2": groups[1],
            "plek": rng.choice(PLACES),
            "activiteit": activity,
            "activiteit_kort": activity_short,
            "freq": freq,
            "freq_cap": capitalise(freq),
            "gemeente": municipality_name or "de regio",
            "n": rng.randrange(8, 80),
            "jaar": year,
            "naam": self.person(),
            "rol": rng.choice(ROLES),
            "bedrag": f"{rng.randrange(5, 60) * 100:,}".replace(",", "."),
            "thema": "",
        }

    def summary(self, slots, theme_slugs):
        slots["thema"] = self.theme_names[theme_slugs[0]] if theme_slugs else "ontmoeting"
        text = self.rng.choice(SUMMARY).format_map(slots)
        return capitalise(text)[:300]

    def description(self, slots, theme_slugs):
        """Two to five paragraphs: an introduction, one per theme, a closing word."""
        rng = self.rng
        paragraphs = [paragraph(self._pick(INTRO, slots, rng.randint(2, 4)))]
        for slug in theme_slugs[: rng.randint(1, 3)]:
            paragraphs.append(paragraph(self._pick(self.by_theme[slug], slots, rng.randint(2, 3))))
        if rng.random() < 0.7:
            paragraphs.append(paragraph(self._pick(CLOSING, slots, rng.randint(1, 3))))
        return "\n".join(paragraphs)

    def case_section(self, name, slots, theme_slugs):
        rng = self.rng
        pool = CASE_SECTIONS[name]
        if name == "lessons" and rng.random() < 0.5:
            items = "".join(f"<li>{line}</li>" for line in self._pick(pool, slots, 3))
            return f"<p>Werkzame elementen:</p>\n<ul>{items}</ul>"
        paragraphs = [paragraph(self._pick(pool, slots, rng.randint(2, 3)))]
        if theme_slugs and rng.random() < 0.5:
            extra = self.by_theme[rng.choice(theme_slugs)]
            paragraphs.append(paragraph(self._pick(extra, slots, rng.randint(1, 2))))
        return "\n".join(paragraphs)

    def about_themes(self, slots, theme_slugs):
        """A paragraph of two sentences for each theme."""
        return "\n".join(
            paragraph(self._pick(self.by_theme[slug], slots, 2)) for slug in theme_slugs
        )

    def quote(self):
        return self.rng.choice(QUOTES), self.person(), self.rng.choice(ROLES)

    def organisation(self, municipality_name):
        rng = self.rng
        return rng.choice(ORGANISATION_FORMS).format(
            slogan=rng.choice(SLOGANS),
            wijk=rng.choice(NEIGHBOURHOODS),
            gemeente=municipality_name or "Nederland",
            house=rng.choice(HOUSE_NAMES),
        )

    def _pick(self, pool, slots, count):
        chosen = self.rng.sample(pool, min(count, len(pool)))
        return [capitalise(sentence.format_map(slots)) for sentence in chosen]

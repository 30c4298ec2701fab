"""Lighthouse against the production configuration (gunicorn via bin/serve) with the demo
catalogue: every page type on a phone and a desktop. `make audit` (bin/audit) prepares the
database and installs Lighthouse; README "Benchmarks".

Prints per page and form factor the four category scores against the targets (performance at
least 95 on a phone; accessibility, best practices and SEO 100) and the audits that failed.
Figures, not a test: Lighthouse's performance score varies from run to run.
"""

import json
import os
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from devtools.serving import free_port, start_server, stop_server
from initiatives.models import Initiative

ROOT = Path(settings.BASE_DIR)
LIGHTHOUSE = ROOT / "devtools" / "audit" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
SHORT = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
# The lowest score that meets the target, per category and form factor.
TARGETS = {
    ("performance", "mobile"): 95,
    ("accessibility", None): 100,
    ("best-practices", None): 100,
    ("seo", None): 100,
}
FORM_FACTORS = ["mobile", "desktop"]
# One address of every page type in the demo catalogue (fixtures/demo.json).
PAGES = {
    "home": "/",
    "search": "/zoeken/?q=buurt",
    "initiatives": "/initiatieven/",
    "initiatives filtered": "/initiatieven/?thema=bonding&doelgroep=ouderen",
    "initiative": "/initiatieven/vrouwengroep-de-zonnebloem/",
    "initiative submit": "/initiatieven/aanmelden/",
    "initiative contact": "/initiatieven/vrouwengroep-de-zonnebloem/contact/",
    "cases": "/casussen/",
    "case": "/casussen/vrouwengroep-de-zonnebloem-in-overvecht/",
    "publications": "/publicaties/",
    "publication": "/publicaties/casusbundel-wij-in-de-wijk-3/",
    "publication submit": "/publicaties/aanmelden/",
    "themes": "/themas/",
    "theme": "/themas/bonding/",
    "municipalities": "/gemeenten/",
    "municipality": "/gemeenten/utrecht/",
    "district": "/gemeenten/utrecht/overvecht/",
    "about": "/over/",
    "initiatives (en)": "/en/initiatieven/",
}
# Pages that ask search engines not to index them, on purpose (a search, a filtered list, a
# form per initiative): Lighthouse's SEO audit "is-crawlable" fails there by design, and only
# that audit is excused.
NOT_INDEXED = {"search", "initiatives filtered", "initiative contact"}


class Command(BaseCommand):
    help = "Run Lighthouse on every page type, phone and desktop; print scores and failed audits."

    def add_arguments(self, parser):
        parser.add_argument(
            "pages", nargs="*", help=f"page types to audit (default all): {', '.join(PAGES)}"
        )

    def handle(self, *args, pages, **options):
        unknown = set(pages) - set(PAGES)
        if unknown:
            raise CommandError(f"Unknown page types: {', '.join(sorted(unknown))}.")
        if not LIGHTHOUSE.exists():
            raise CommandError("Lighthouse is not installed: run `make audit`.")
        if not Initiative.objects.published().exists():
            raise CommandError("The database holds no catalogue: `make audit` loads the demo.")
        workdir = Path(tempfile.mkdtemp(prefix="wijk-audit-"))
        port = free_port()
        self.stdout.write(
            f"Lighthouse on gunicorn (production settings, demo catalogue) at 127.0.0.1:{port}.\n"
            "Without map tiles (WIJK_MAP_TILE_URL empty): they cannot load offline, so the maps "
            "draw their markers on a plain background. Reports: "
            f"{workdir}\n"
        )
        connection.close()  # the server and this process must not share a connection
        server = start_server(port, workdir / "server.log", WIJK_MAP_TILE_URL="")
        rows = []
        try:
            for name in pages or PAGES:
                for form_factor in FORM_FACTORS:
                    report = workdir / f"{name.replace(' ', '-')}-{form_factor}.json"
                    url = f"http://127.0.0.1:{port}{PAGES[name]}"
                    # Lighthouse now and then loses its trace (NO_NAVSTART): one more try.
                    error = self.lighthouse(url, form_factor, report) and self.lighthouse(
                        url, form_factor, report
                    )
                    if error:
                        self.stdout.write(f"{name:22} {form_factor:7} Lighthouse failed: {error}")
                        continue
                    rows.append((name, form_factor, json.loads(report.read_text())))
                    self.stdout.write(self.row(*rows[-1]))
        finally:
            stop_server(server)
        missed = [row for row in rows if self.misses(*row)]
        self.stdout.write(
            f"\n{len(rows) - len(missed)} of {len(rows)} runs meet every target "
            "(performance ≥ 95 on a phone; accessibility, best practices and SEO 100; "
            "is-crawlable excused on the pages not indexed on purpose: "
            f"{', '.join(sorted(NOT_INDEXED))})."
        )

    def lighthouse(self, url, form_factor, report):
        """Write Lighthouse's JSON report on `url` to `report`; the error, if it failed."""
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox",
            *(["--preset=desktop"] if form_factor == "desktop" else []),
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if result.returncode:  # its last line says why
            return (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None

    @staticmethod
    def scores(result):
        return {
            category: round(result["categories"][category]["score"] * 100)
            for category in CATEGORIES
        }

    def misses(self, name, form_factor, result):
        scores = self.scores(result)
        excused = name in NOT_INDEXED and self.failed_audits(result, ["seo"]) == ["is-crawlable"]
        return [
            category
            for (category, factor), lowest in TARGETS.items()
            if factor in (None, form_factor)
            and scores[category] < lowest
            and not (category == "seo" and excused)
        ]

    def row(self, name, form_factor, result):
        """One line: scores (a * where a target is missed), CLS, then the failed audits."""
        scores = self.scores(result)
        missed = self.misses(name, form_factor, result)
        figures = " ".join(
            f"{SHORT[category]} {scores[category]:3}{'*' if category in missed else ' '}"
            for category in CATEGORIES
        )
        cls = result["audits"]["cumulative-layout-shift"]["numericValue"]
        line = f"{name:22} {form_factor:7} {figures} CLS {cls:.3f}"
        failed = self.failed_audits(result)
        return line + (f"\n{'':30}failed: {', '.join(failed)}" if failed else "")

    @staticmethod
    def failed_audits(result, categories=CATEGORIES):
        """The scored audits of the categories that did not pass (performance: the metrics
        below 0.9), each once."""
        failed = []
        for category in categories:
            for ref in result["categories"][category]["auditRefs"]:
                audit = result["audits"][ref["id"]]
                if audit["score"] is None or audit["scoreDisplayMode"] in ("informative", "manual"):
                    continue
                if category == "performance" and ref.get("group") != "metrics":
                    continue
                if audit["score"] < (0.9 if category == "performance" else 1):
                    failed.append(ref["id"])
        return list(dict.fromkeys(failed))

"""The backup and restore of docs/deploy.md work: pg_dump, pg_restore, and every table comes
back with the same rows."""

import glob
import shutil
import subprocess

import psycopg
import pytest
from django.db import connection

from tests.factories import CaseFactory, InitiativeFactory, PublicationFactory, ThemeFactory

RESTORED = "wijk_restore_check"


def program(name):
    """A PostgreSQL client program: on the PATH, or where Debian puts the newest server."""
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def host():
    """This run's database host, or its socket folder (a DATABASE_URL's `?host=` puts it in
    OPTIONS)."""
    settings = connection.settings_dict
    return settings["HOST"] or settings.get("OPTIONS", {}).get("host") or None


def connection_options(database):
    settings = connection.settings_dict
    options = ["--username", settings["USER"], "--dbname", database]
    if host():
        options += ["--host", host()]
    if settings["PORT"]:
        options += ["--port", str(settings["PORT"])]
    return options


def connect(database):
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=database,
        user=settings["USER"],
        host=host(),
        port=settings["PORT"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
    )


def fingerprint(database):
    """Per table: the number of rows and a checksum of their whole content."""
    with connect(database) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: db.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                f' FROM "{table}" t'
            ).fetchone()
            for table in tables
        }


@pytest.fixture
def restore_target():
    with connect("postgres") as db:
        db.execute(f"DROP DATABASE IF EXISTS {RESTORED}")
        db.execute(f"CREATE DATABASE {RESTORED}")
    yield RESTORED
    with connect("postgres") as db:
        db.execute(f"DROP DATABASE IF EXISTS {RESTORED} WITH (FORCE)")


@pytest.mark.django_db(transaction=True)
def test_a_dump_restores_to_the_same_rows(tmp_path, restore_target):
    theme = ThemeFactory(name="Bonding")
    initiatives = InitiativeFactory.create_batch(5, themes=[theme], tags=["moestuin", "café"])
    InitiativeFactory(title="Koffie & reünie", description="<p>Ons <em>café</em></p>")
    CaseFactory(themes=[theme], initiatives=initiatives[:2], publication=PublicationFactory())
    source = connection.settings_dict["NAME"]
    dump = tmp_path / "wijkplatform.dump"

    subprocess.run(
        [program("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}"]
        + connection_options(source),
        check=True,
    )
    subprocess.run(
        [program("pg_restore"), "--no-owner", "--exit-on-error"]
        + connection_options(restore_target)
        + [str(dump)],
        check=True,
    )

    before, after = fingerprint(source), fingerprint(restore_target)
    assert before["initiatives_initiative"][0] == 6
    assert before["cases_case"][0] == 1
    assert after == before

"""Logging in to the admin: a password and a code from an app, recovery codes, and a lockout
after too many wrong passwords."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import InitiativeFactory

PASSWORD = "een-lang-wachtwoord"
LOGIN = "/admin/login/"
SETUP = "/admin/code/instellen/"
VERIFY = "/admin/code/"
CODES = "/admin/code/herstelcodes/"


@pytest.fixture
def two_factor(settings):
    settings.REQUIRE_2FA = True
    # A wrong code does not make the next attempt wait (django-otp's throttling is tested
    # apart, below).
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


@pytest.fixture
def editor(db):
    return User.objects.create_user("anna", "anna@example.org", PASSWORD, is_staff=True)


def log_in(client, username="anna", password=PASSWORD, next_url="/admin/"):
    return client.post(LOGIN, {"username": username, "password": password, "next": next_url})


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def invite(username="anna"):
    """The path of the enrolment link `invite_editor` prints for the administrator."""
    output = io.StringIO()
    call_command("invite_editor", username, "--base-url", "http://testserver", stdout=output)
    return re.search(r"http://testserver(/\S+)", output.getvalue()).group(1)


def set_up(client, editor):
    """Invitation, password, then link the app as the editor would; returns the device and
    the recovery codes."""
    client.get(invite(editor.username))
    log_in(client)
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"}, follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    device.refresh_from_db()
    return device, codes


def shows_a_secret(page):
    return "two-factor-secret" in page or "qr.svg" in page


def asks_for_an_invitation(page):
    return "uitnodigingslink" in page or "invitation link" in page


def test_a_password_alone_shows_no_secret_but_asks_for_an_invitation(client, two_factor, editor):
    response = log_in(client, next_url="/admin/initiatives/initiative/")
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    page = response.content.decode()
    assert not shows_a_secret(page)
    assert asks_for_an_invitation(page)
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/code/instellen/qr.svg").status_code == 404
    assert client.get("/admin/").url.startswith(SETUP)


def test_an_invitation_link_links_the_app_once(client, two_factor, editor):
    link = invite()
    # Opened before logging in: the link waits in the session (and leaves the address bar).
    response = client.get(link)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    response = client.get(log_in(client).url, follow=True)
    assert response.redirect_chain[-1][0].startswith(SETUP)
    page = response.content.decode()
    assert 'src="/admin/code/instellen/qr.svg"' in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    # The key as text, for people who cannot scan.
    assert " ".join(re.findall(r"[A-Z2-7]{4}", page.split("two-factor-secret")[1])[:2]) in page
    qr = client.get("/admin/code/instellen/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert 'autocomplete="one-time-code"' in page and 'inputmode="numeric"' in page

    response = client.post(SETUP, {"code": code_for(device), "next": "/admin/"}, follow=True)
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200
    # Shown once: the page now offers new ones instead.
    again = client.get(CODES).content.decode()
    assert not any(code in again for code in codes)
    # The QR code of a linked app is never shown again.
    assert client.get("/admin/code/instellen/qr.svg").status_code == 404

    # The link is dead now, also after the app is reset: a new one must be asked for.
    call_command("reset_two_factor", "anna", stdout=io.StringIO())
    client.logout()
    client.get(link)
    log_in(client)
    page = client.get(SETUP).content.decode()
    assert not shows_a_secret(page) and asks_for_an_invitation(page)
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_an_invitation_link_expires(client, two_factor, editor):
    link = invite()
    TOTPDevice.objects.filter(user=editor).update(
        created_at=TOTPDevice.objects.get(user=editor).created_at - timedelta(hours=73)
    )
    client.get(link)
    log_in(client)
    page = client.get(SETUP).content.decode()
    assert not shows_a_secret(page)
    assert "verlopen" in page or "expired" in page


def test_an_invitation_link_works_only_for_its_own_user(client, two_factor, editor):
    User.objects.create_user("bart", password=PASSWORD, is_staff=True)
    link = invite("anna")
    client.get(link)
    log_in(client, "bart")
    page = client.get(SETUP).content.decode()
    assert not shows_a_secret(page)
    assert client.get("/admin/code/instellen/qr.svg").status_code == 404
    assert not TOTPDevice.objects.filter(user__username="bart").exists()


def test_a_new_invitation_replaces_the_old_one(client, two_factor, editor):
    old = invite()
    new = invite()
    client.get(old)
    log_in(client)
    assert not shows_a_secret(client.get(SETUP).content.decode())
    client.get(new)
    assert shows_a_secret(client.get(SETUP).content.decode())
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_only_staff_without_an_app_are_invited(client, two_factor, editor):
    set_up(client, editor)
    with pytest.raises(CommandError, match="already"):
        invite("anna")
    User.objects.create_user("bewoner", password=PASSWORD)
    with pytest.raises(CommandError, match="staff"):
        invite("bewoner")
    with pytest.raises(CommandError, match="No user"):
        invite("niemand")


def test_an_administrator_invites_from_the_user_list(client, two_factor, editor):
    boss = User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    app = TOTPDevice.objects.create(user=boss, name="app")
    client.force_login(boss)
    client.post(VERIFY, {"code": code_for(app), "next": "/admin/"})
    response = client.post(
        "/admin/auth/user/",
        {"action": "invite_to_link_an_app", "_selected_action": [editor.pk, boss.pk]},
        follow=True,
    )
    page = response.content.decode()
    link = re.search(r"http://testserver(/admin/code/uitnodiging/[^\s<]+)", page).group(1)
    assert "beheer" in page.split(link)[1]  # the one with an app already is named
    client.logout()
    client.get(link)
    log_in(client)
    assert shows_a_secret(client.get(SETUP).content.decode())


def test_a_wrong_code_does_not_link_the_app(client, two_factor, editor):
    client.get(invite())
    log_in(client)
    device = TOTPDevice.objects.get(user=editor)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "id_code" in page and 'role="alert"' in page
    # The field has the focus again, empty: the next code is typed at once.
    assert page.count("autofocus") == 1 and wrong not in page
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/").url.startswith(SETUP)


def test_the_next_login_asks_for_the_code_and_refuses_a_wrong_one(client, two_factor, editor):
    device, _ = set_up(client, editor)
    client.logout()

    response = log_in(client, next_url="/admin/initiatives/initiative/")
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    page = client.post(VERIFY, {"code": wrong, "next": "/admin/"})
    assert page.status_code == 200
    assert client.get("/admin/").url.startswith(VERIFY)

    # A code the app shows a moment later (django-otp refuses the same code twice).
    device.refresh_from_db()
    device.last_t -= 1
    device.save()
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(client, two_factor, editor):
    _, codes = set_up(client, editor)
    client.logout()

    log_in(client)
    printed = f"{codes[3][:4].upper()} {codes[3][4:].upper()}"  # as someone might type it
    response = client.post(VERIFY + "?herstelcode=1", {"code": printed, "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=editor).count() == 9
    client.logout()

    log_in(client)
    response = client.post(VERIFY + "?herstelcode=1", {"code": codes[3], "next": "/admin/"})
    assert response.status_code == 200
    assert "niet goed" in response.content.decode() or "not right" in response.content.decode()
    assert client.get("/admin/").url.startswith(VERIFY)


def test_new_recovery_codes_replace_the_old_ones(client, two_factor, editor):
    _, old = set_up(client, editor)
    response = client.post(CODES, {"next": "/admin/"}, follow=True)
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)


def test_an_unverified_editor_reaches_no_admin_page(client, two_factor, editor):
    set_up(client, editor)
    initiative = InitiativeFactory()
    client.logout()
    log_in(client)
    for url in [
        "/admin/",
        "/admin/initiatives/initiative/",
        f"/admin/initiatives/initiative/{initiative.pk}/change/",
        "/admin/initiatives/initiative/import/",
        "/admin/auth/user/",
        "/admin/password_change/",
        LOGIN,
        SETUP,  # a stolen password cannot link another phone
        CODES,
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY), url
    # Not by a form either.
    response = client.post(f"/admin/initiatives/initiative/{initiative.pk}/delete/", {"post": "1"})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    initiative.refresh_from_db()
    # Logging out works without a code.
    assert client.post("/admin/logout/").status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_draft_preview_needs_the_code_too(client, two_factor, editor):
    from catalogue.models import State

    draft = InitiativeFactory(state=State.DRAFT)
    set_up(client, editor)
    client.logout()
    log_in(client)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 302 and response.url.startswith(VERIFY)


def test_visitors_and_other_users_are_not_asked_for_a_code(client, two_factor, db):
    assert client.get("/").status_code == 200
    assert client.get(LOGIN).status_code == 200
    User.objects.create_user("bewoner", password=PASSWORD)
    log_in(client, "bewoner")
    assert client.get("/").status_code == 200
    assert client.get("/initiatieven/").status_code == 200
    # Not staff: the admin says so at its login form, as ever.
    assert client.get("/admin/").url.startswith(LOGIN)


def test_without_the_requirement_a_password_is_enough(client, settings, editor):
    settings.REQUIRE_2FA = False
    log_in(client)
    assert client.get("/admin/").status_code == 200


def test_too_many_wrong_codes_make_the_app_wait(client, two_factor, editor):
    device, _ = set_up(client, editor)
    client.logout()
    two_factor.OTP_TOTP_THROTTLE_FACTOR = 60
    log_in(client)
    for _ in range(2):
        client.post(VERIFY, {"code": "000000", "next": "/admin/"})
    device.refresh_from_db()
    device.last_t -= 1
    device.save()
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert response.status_code == 200
    # The first wrong code locks for 60 s (the second was not even checked): the page says
    # how long is left.
    page = response.content.decode()
    message = re.search(r"Wacht (\d+) seconden en probeer het dan opnieuw", page)
    assert message and 50 <= int(message[1]) <= 60


def test_after_one_wrong_code_the_wait_is_a_second(client, two_factor, editor):
    device, _ = set_up(client, editor)
    client.logout()
    two_factor.OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp's default
    log_in(client)
    client.post(VERIFY, {"code": "000000", "next": "/admin/"})
    device.refresh_from_db()
    device.last_t -= 1
    device.save()
    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/"})
    assert "Wacht 1 seconde en probeer het dan opnieuw." in response.content.decode()
    device.throttling_failure_timestamp -= timedelta(seconds=2)  # a moment later
    device.save()
    assert client.post(VERIFY, {"code": code_for(device), "next": "/admin/"}).status_code == 302


def test_a_code_used_already_gets_a_word_about_the_next_one(client, two_factor, editor):
    """Each code of an app works once: a second login in the same half minute needs the next
    code, and the page says that rather than "this code is not right"."""
    device, _ = set_up(client, editor)
    client.logout()
    log_in(client)
    code = code_for(device)
    device.last_t = 10**9  # every code up to far ahead counts as used
    device.save()
    page = client.post(VERIFY, {"code": code, "next": "/admin/"}).content.decode()
    assert "Deze code is al gebruikt. Wacht op de volgende code in je app" in page
    assert "Deze code is niet goed" not in page
    wrong = client.post(VERIFY, {"code": "000000", "next": "/admin/"}).content.decode()
    assert "Deze code is niet goed" in wrong


def test_a_lost_phone_is_reset_with_a_command(client, two_factor, editor):
    set_up(client, editor)
    call_command("reset_two_factor", "anna", stdout=io.StringIO())
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticToken.objects.filter(device__user=editor).exists()
    client.logout()
    log_in(client)
    assert client.get("/admin/").url.startswith(SETUP)
    assert asks_for_an_invitation(client.get(SETUP).content.decode())


def test_a_superuser_resets_a_lost_phone_in_the_admin_without_seeing_its_key(
    client, two_factor, editor
):
    device, _ = set_up(client, editor)
    client.logout()
    boss = User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    admin_app = TOTPDevice.objects.create(user=boss, name="app")
    client.force_login(boss)
    client.post(VERIFY, {"code": code_for(admin_app), "next": "/admin/"})
    change = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in change
    response = client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_five_wrong_passwords_lock_this_name_from_this_address(client, settings, editor):
    for _ in range(4):
        assert log_in(client, password="fout").status_code == 200
    response = log_in(client, password="fout")
    assert response.status_code == 429
    page = response.content.decode()
    assert "15" in page and "<style" not in page and "<script>" not in page
    # Now even the right password is refused, from this address ...
    assert log_in(client).status_code == 429
    # ... but not from another one, and another name from here is not blocked.
    other = client.post(
        LOGIN,
        {"username": "anna", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="192.0.2.7",
    )
    assert other.status_code == 302
    User.objects.create_user("bart", password=PASSWORD, is_staff=True)
    client.logout()
    assert log_in(client, "bart").status_code == 302


def test_the_deploy_check_warns_when_a_password_alone_is_enough(settings, db):
    from django.core.checks import run_checks

    settings.REQUIRE_2FA = False
    assert "wijkplatform.W001" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.REQUIRE_2FA = True
    assert "wijkplatform.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def session_key(client):
    return client.cookies["sessionid"].value


def test_the_session_key_changes_when_the_code_is_given(client, two_factor, editor):
    """A session key someone saw (or planted) before a step is worth nothing after it."""
    device = TOTPDevice.objects.create(user=editor, name="app", confirmed=True)
    log_in(client)
    before_code = session_key(client)
    assert client.post(VERIFY, {"code": code_for(device), "next": "/admin/"}).url == "/admin/"
    assert session_key(client) != before_code
    assert client.get("/admin/").status_code == 200
    client.cookies["sessionid"] = before_code
    assert client.get("/admin/").status_code == 302


def test_the_session_key_changes_when_the_app_is_linked(client, two_factor, editor):
    client.get(invite())
    log_in(client)
    before = session_key(client)
    device = TOTPDevice.objects.get(user=editor)
    client.post(SETUP, {"code": code_for(device), "next": "/admin/"})
    assert session_key(client) != before
    client.cookies["sessionid"] = before
    assert client.get("/admin/").status_code == 302


def test_an_over_long_user_name_gets_the_login_form_error(client, editor):
    response = log_in(client, username="a" * 5000)
    assert response.status_code == 200
    page = response.content.decode()
    assert "errornote" in page
    assert "correcte gebruikersnaam" in page or "correct username" in page


DEMO_PASSWORD = "wijkplatform-demo"


@pytest.fixture
def demo_editor(db):
    """What `make run` (load_demo) leaves in a database."""
    return User.objects.create_user("eindredacteur", password=DEMO_PASSWORD, is_staff=True)


def test_a_demo_account_cannot_log_in_under_production_settings(client, settings, demo_editor):
    settings.ALLOW_DEMO_ACCOUNTS = False
    response = log_in(client, "eindredacteur", DEMO_PASSWORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "demo-account" in page or "demo account" in page
    assert "_auth_user_id" not in client.session
    # In development (`make run`) the demo editors log in with their password.
    settings.ALLOW_DEMO_ACCOUNTS = True
    assert log_in(client, "eindredacteur", DEMO_PASSWORD).status_code == 302


def test_the_deploy_check_names_the_demo_accounts(demo_editor):
    from django.core.checks import run_checks

    User.objects.create_user("redacteur", password="een-eigen-wachtwoord", is_staff=True)
    errors = [m for m in run_checks(include_deployment_checks=True) if m.id == "wijkplatform.E001"]
    assert len(errors) == 1
    assert "eindredacteur" in errors[0].msg and "redacteur," not in errors[0].msg
    assert "delete_demo_accounts" in errors[0].hint


def test_demo_accounts_are_deleted_with_a_command(demo_editor):
    from django.core.checks import run_checks

    own = User.objects.create_user("redacteur", password="een-eigen-wachtwoord", is_staff=True)
    call_command("delete_demo_accounts", stdout=io.StringIO())
    assert list(User.objects.all()) == [own]
    assert "wijkplatform.E001" not in {m.id for m in run_checks(include_deployment_checks=True)}


@pytest.mark.django_db
def test_make_run_makes_the_demo_editors_in_their_groups_on_an_emptied_database():
    """`flush` empties the groups the migrations made: load_demo makes them again, and never
    leaves an account without its group."""
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
    call_command("load_demo", stdout=io.StringIO())
    assert {user.username: [g.name for g in user.groups.all()] for user in User.objects.all()} == {
        "redacteur": ["Redacteur"],
        "eindredacteur": ["Eindredacteur"],
    }

"""The visitor's address behind a reverse proxy: X-Forwarded-For is believed only as far as
trusted proxies wrote it, and the form rate limit and the login lockout count real visitors."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from catalogue.client_ip import client_ip
from catalogue.models import FormPosts
from initiatives.models import InitiativeContact
from tests.factories import InitiativeFactory
from wijkplatform.settings.base import env_networks

PROXY = "127.0.0.1"  # nginx on the same machine: trusted by default
RESIDENT = "198.51.100.4"
NEIGHBOUR = "198.51.100.5"
STRANGER = "203.0.113.9"  # connects directly, not through the proxy


@pytest.fixture
def address_of(rf):
    def address_of(remote, forwarded=None):
        headers = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(rf.get("/", **headers))

    return address_of


@pytest.fixture
def datacentre(settings):
    """A proxy on another machine, and a load balancer in front of it, in 10.0.0.0/8."""
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    return settings


# The walk


def test_a_direct_visitor_is_its_connection_and_its_header_is_ignored(address_of):
    assert address_of(STRANGER) == STRANGER
    assert address_of(STRANGER, RESIDENT) == STRANGER


def test_behind_one_proxy_the_visitor_is_the_address_the_proxy_saw(address_of):
    assert address_of(PROXY, RESIDENT) == RESIDENT
    assert address_of(PROXY, f" {RESIDENT} ") == RESIDENT
    assert address_of(PROXY) == PROXY  # the proxy's own request (a health check)


def test_a_chain_of_trusted_proxies_is_walked_to_the_visitor(address_of, datacentre):
    assert address_of(PROXY, f"{RESIDENT}, 10.0.0.5") == RESIDENT
    assert address_of("10.20.0.1", f"{RESIDENT},10.0.0.5") == RESIDENT


def test_an_untrusted_hop_is_as_far_as_the_walk_goes(address_of):
    # Only loopback is trusted: 10.0.0.5 could have written anything left of it.
    assert address_of(PROXY, f"{RESIDENT}, 10.0.0.5") == "10.0.0.5"


def test_what_a_visitor_writes_into_the_header_is_never_believed(address_of):
    # nginx appends what it saw to whatever the visitor sent.
    assert address_of(PROXY, f"192.0.2.1, {RESIDENT}") == RESIDENT
    assert address_of(PROXY, f"127.0.0.1, {RESIDENT}") == RESIDENT
    assert address_of(PROXY, f"{NEIGHBOUR}, 127.0.0.1, {RESIDENT}") == RESIDENT


def test_garbage_ends_the_walk_at_the_trusted_hop_that_passed_it_on(address_of, datacentre):
    assert address_of(PROXY, "unknown") == PROXY
    assert address_of(PROXY, "") == PROXY
    assert address_of(PROXY, f"{RESIDENT}, ") == PROXY
    assert address_of(PROXY, f"{RESIDENT}:51234") == PROXY
    assert address_of(PROXY, f"{RESIDENT}, <script>, 10.0.0.5") == "10.0.0.5"
    assert address_of(PROXY, f"not-an-address, {RESIDENT}") == RESIDENT
    assert address_of(PROXY, "1.2.3.4" * 10_000) == PROXY


def test_when_every_hop_is_trusted_the_leftmost_is_the_visitor(address_of, datacentre):
    assert address_of(PROXY, "10.0.0.9, 127.0.0.1") == "10.0.0.9"
    assert address_of(PROXY, "garbage, 10.0.0.9, 127.0.0.1") == "10.0.0.9"


def test_ipv6_visitors_and_proxies(address_of, settings):
    assert address_of("::1", "2001:DB8::7") == "2001:db8::7"
    assert address_of("2001:db8::7", RESIDENT) == "2001:db8::7"
    # A dual-stack socket writes IPv4 as IPv6: still loopback, still the same visitor.
    assert address_of("::ffff:127.0.0.1", RESIDENT) == RESIDENT
    assert address_of(PROXY, f"::ffff:{RESIDENT}") == RESIDENT
    assert address_of(PROXY, "fe80::1%eth0") == "fe80::1"
    settings.TRUSTED_PROXIES = ["2001:db8:ff::/48"]
    assert address_of("2001:db8:ff::2", "2001:db8::7, 2001:db8:ff:0:1::9") == "2001:db8::7"
    assert address_of(PROXY, RESIDENT) == PROXY  # loopback is no longer trusted


def test_networks_are_trusted_whole_and_nothing_outside_them(address_of, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert address_of("10.255.1.2", RESIDENT) == RESIDENT
    assert address_of("11.0.0.1", RESIDENT) == "11.0.0.1"


def test_a_typo_in_the_trusted_proxies_stops_the_start(monkeypatch):
    monkeypatch.setenv("WIJK_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.0/8, 2001:db8::/32")
    assert env_networks("WIJK_TRUSTED_PROXIES", "") == ["10.0.0.1", "10.0.0.0/8", "2001:db8::/32"]
    monkeypatch.setenv("WIJK_TRUSTED_PROXIES", "10.0.0.1,nginx")
    with pytest.raises(ImproperlyConfigured, match="'nginx'"):
        env_networks("WIJK_TRUSTED_PROXIES", "")
    monkeypatch.delenv("WIJK_TRUSTED_PROXIES")
    assert env_networks("WIJK_TRUSTED_PROXIES", "127.0.0.1,::1") == ["127.0.0.1", "::1"]


# The form rate limit


@pytest.fixture
def contact(db, client, settings):
    settings.FORM_RATE_LIMIT = 2
    settings.FORM_RATE_WINDOW_SECONDS = 600
    initiative = InitiativeFactory(email="initiatiefnemer@example.org")
    url = reverse("initiatives:contact", args=[initiative.slug])
    message = {"name": "Piet", "email": "piet@example.org", "message": "Mag ik meedoen?"}

    def send(remote, forwarded=None):
        headers = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return client.post(url, message, **headers).status_code

    return send


def test_residents_behind_one_proxy_each_have_their_own_limit(contact):
    assert [contact(PROXY, RESIDENT) for _ in range(3)] == [302, 302, 429]
    assert contact(PROXY, NEIGHBOUR) == 302
    assert InitiativeContact.objects.count() == 3


def test_a_proxy_on_another_machine_is_trusted_when_named(contact, datacentre):
    assert [contact("10.0.0.5", RESIDENT) for _ in range(3)] == [302, 302, 429]
    assert contact("10.0.0.5", NEIGHBOUR) == 302


def test_a_visitor_cannot_dodge_the_limit_with_a_made_up_header(contact):
    # Directly, without the proxy: the header is ignored.
    statuses = [contact(STRANGER, f"192.0.2.{n}") for n in range(3)]
    assert statuses == [302, 302, 429]
    # Through the proxy: what the visitor sent stays left of what nginx saw.
    statuses = [contact(PROXY, f"192.0.2.{n}, {RESIDENT}") for n in range(3)]
    assert statuses == [302, 302, 429]


# The login lockout (django-axes)


@pytest.fixture
def editor(db):
    return User.objects.create_user("anna", password="een-lang-wachtwoord", is_staff=True)


def log_in(client, forwarded, password="een-lang-wachtwoord", remote=PROXY):
    data = {"username": "anna", "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)


def test_wrong_passwords_lock_the_name_only_for_the_visitor_who_typed_them(client, editor):
    statuses = [log_in(client, RESIDENT, password="fout").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    assert log_in(client, RESIDENT).status_code == 429
    # The editor, behind the same proxy from elsewhere, still gets in.
    assert log_in(client, NEIGHBOUR).status_code == 302
    # The admin's list of attempts names the visitor, not the proxy.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [RESIDENT]


def test_a_guesser_cannot_dodge_the_lockout_with_a_made_up_header(client, editor):
    statuses = [
        log_in(client, f"192.0.2.{n}", password="fout", remote=STRANGER).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert log_in(client, "192.0.2.99", remote=STRANGER).status_code == 429
    assert log_in(client, NEIGHBOUR).status_code == 302


# Limits that hold for every worker, and for a whole IPv6 network


def test_the_form_limit_counts_the_posts_every_worker_saw(contact):
    assert [contact(PROXY, RESIDENT) for _ in range(2)] == [302, 302]
    # Another worker process has its own memory: it saw none of these posts.
    cache.clear()
    assert contact(PROXY, RESIDENT) == 429


def test_the_counts_of_windows_that_ended_are_deleted(contact):
    ended = timezone.now() - datetime.timedelta(hours=2)
    FormPosts.objects.create(form="contact", address="a visitor", window_start=ended, posts=5)
    assert contact(PROXY, RESIDENT) == 302
    assert list(FormPosts.objects.values_list("posts", flat=True)) == [1]


def test_ipv6_addresses_in_one_64_share_a_form_limit(contact):
    # One home or phone gets a whole /64 and may take a new address in it for every post.
    statuses = [contact(PROXY, f"2001:db8:1:2::{n}") for n in range(1, 4)]
    assert statuses == [302, 302, 429]
    assert contact(PROXY, "2001:db8:1:2:ffff:ffff:ffff:ffff") == 429
    assert contact(PROXY, "2001:db8:1:3::1") == 302


def test_ipv6_addresses_in_one_64_share_a_login_lockout(client, editor):
    statuses = [
        log_in(client, f"2001:db8:1:2::{n}", password="fout").status_code for n in range(1, 6)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert log_in(client, "2001:db8:1:2:ffff::1").status_code == 429
    assert log_in(client, "2001:db8:1:3::1").status_code == 302
    # The admin's list of attempts names the network, not the passing addresses.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["2001:db8:1:2::"]

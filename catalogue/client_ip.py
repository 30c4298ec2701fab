"""The visitor's internet address, also behind a reverse proxy.

REMOTE_ADDR is whoever opened the connection: behind nginx, that is nginx. Each proxy named in
TRUSTED_PROXIES (WIJK_TRUSTED_PROXIES) appends the address it saw to X-Forwarded-For, so the
header is read from the right: an entry is believed only while the hop that wrote it is a
trusted proxy. The first address that is not one is the visitor; everything left of it came
from the visitor and may be made up.

The form rate limit (protection.py) and django-axes (AXES_CLIENT_IP_CALLABLE) count a visitor by
client_network. Lives in `catalogue`, the lowest layer, so that every app can use it.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

# An IPv6 visitor (a home, a phone) gets a whole /64 from its provider and may take any
# address in it: as one IPv4 address, it counts as one visitor.
IPV6_VISITOR_PREFIX = 64


@lru_cache(maxsize=4)
def trusted_networks(entries):
    """TRUSTED_PROXIES as networks, parsed once per value (the settings checked them)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def parse(text):
    """An address, or None when `text` is not one.

    An IPv4 address written as IPv6 (`::ffff:192.0.2.1`, from a dual-stack socket) is the IPv4
    address, and an IPv6 zone (`%eth0`) is dropped: one visitor, one spelling, and PostgreSQL's
    inet column (django-axes) takes it.
    """
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return address.ipv4_mapped
        if address.scope_id:
            return ipaddress.IPv6Address(str(address).partition("%")[0])
    return address


def client_ip(request):
    """The visitor's address as text.

    REMOTE_ADDR, unless that is a trusted proxy: then X-Forwarded-For from the right, skipping
    trusted proxies, up to the first address that is not one. An entry that is no address
    ends the walk at the trusted hop that passed it on (never at something further left, which
    anybody can write). When every hop is trusted, the leftmost one. A REMOTE_ADDR that is no
    address (none at all, on a Unix socket) is returned as it is.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    address = parse(remote)
    if address is None:
        return remote
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    while hops and any(address in network for network in networks):
        hop = parse(hops.pop())
        if hop is None:
            break
        address = hop
    return str(address)


def client_network(request):
    """The visitor as the limits count it: its IPv4 address, or the first address of its IPv6
    /64 (`2001:db8:1:2::`, still an address, as axes stores it)."""
    address = client_ip(request)
    parsed = parse(address)
    if parsed is None or parsed.version == 4:
        return address
    return str(ipaddress.IPv6Network((parsed, IPV6_VISITOR_PREFIX), strict=False).network_address)

"""Items' addresses, remembered: a list page links to some hundred items and themes (each
card its themes, each filter option its page), and Django's reverse() took 5 ms of such a
page's 50. An address depends on nothing but its arguments, the language and the default
language (the /en/ prefix), the script prefix and the URL configuration, all in the key."""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def cached_reverse(viewname, *args):
    """reverse(viewname, args=args), remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    language = (get_language(), settings.LANGUAGE_CODE)  # the default one has no prefix
    return _reverse(viewname, args, language, get_script_prefix(), urlconf)


@lru_cache(maxsize=20_000)  # a few MB per process at most
def _reverse(viewname, args, _language, _script_prefix, urlconf):
    return reverse(viewname, args=args, urlconf=urlconf)

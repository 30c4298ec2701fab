from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import set_language

from cases import api as cases_api
from cases.feeds import CaseFeed
from initiatives import api as initiatives_api
from initiatives import geojson as initiatives_geojson
from initiatives.feeds import InitiativeFeed

from . import health, two_factor, views
from .sitemaps import SITEMAPS

handler500 = health.server_error

urlpatterns = [
    path("api/v1/initiatieven/", initiatives_api.initiative_list, name="api_initiatives"),
    path(
        "api/v1/initiatieven.geojson",
        initiatives_geojson.initiative_points,
        name="api_initiatives_geojson",
    ),
    path("api/v1/casussen/", cases_api.case_list, name="api_cases"),
    # Feeds are language-independent addresses; their labels are Dutch (the default language).
    path("feeds/initiatieven/", InitiativeFeed(), name="feed_initiatives"),
    path("feeds/casussen/", CaseFeed(), name="feed_cases"),
    path("taal/", set_language, name="set_language"),
    # The second login step (wijkplatform/two_factor.py), before the admin's own addresses.
    path(f"{settings.ADMIN_URL}code/", two_factor.verify, name="two_factor_verify"),
    path(f"{settings.ADMIN_URL}code/instellen/", two_factor.setup, name="two_factor_setup"),
    path(f"{settings.ADMIN_URL}code/instellen/qr.svg", two_factor.qr_code, name="two_factor_qr"),
    path(
        f"{settings.ADMIN_URL}code/herstelcodes/",
        two_factor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
    # Machine endpoints: one address each, outside the language prefixes; Dutch page addresses.
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("zoeken/", views.search, name="search"),
    path("themas/", views.theme_list, name="theme_list"),
    path("themas/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("over/", views.SitePage.as_view(page="about"), name="about"),
    path("toegankelijkheid/", views.SitePage.as_view(page="accessibility"), name="accessibility"),
    path("privacy/", views.SitePage.as_view(page="privacy"), name="privacy"),
    path("initiatieven/", include("initiatives.urls")),
    path("gemeenten/", include("initiatives.place_urls")),
    path("", include("cases.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.i18n import set_language

from catalogue import kinds
from initiatives import geojson, insight_api, overview_views

from . import health, two_factor, views
from .sitemaps import SITEMAPS

handler400 = views.bad_request
handler500 = health.server_error

# Each kind's JSON list and Atom feed (catalogue.kinds), the maps' GeoJSON and the places'
# figures (wijkbeeld): one address each, whatever the language; labels are Dutch (the default
# language).
api_patterns = [
    path(f"{kind.path}/", kind.api, name=kind.key) for kind in kinds.all_kinds() if kind.api
] + [
    path("initiatieven.geojson", geojson.initiative_points, name="initiatives_geojson"),
    path(
        "gemeenten/<str:code>/inzicht/",
        insight_api.municipality_insight,
        name="municipality_insight",
    ),
    path(
        "gemeenten/<str:code>/wijken/<str:district>/inzicht/",
        insight_api.district_insight,
        name="district_insight",
    ),
    path("gemeenten.geojson", overview_views.municipality_points, name="municipalities_geojson"),
]
feed_patterns = [
    path(f"{kind.path}/", kind.feed, name=kind.key) for kind in kinds.all_kinds() if kind.feed
]

urlpatterns = [
    path("api/v1/", include((api_patterns, "api"))),
    path("feeds/", include((feed_patterns, "feeds"))),
    path("taal/", set_language, name="set_language"),
    # The second login step (wijkplatform/two_factor.py), before the admin's own addresses.
    path(f"{settings.ADMIN_URL}code/", two_factor.verify, name="two_factor_verify"),
    path(f"{settings.ADMIN_URL}code/instellen/", two_factor.setup, name="two_factor_setup"),
    path(
        f"{settings.ADMIN_URL}code/uitnodiging/<str:token>/",
        two_factor.invitation,
        name="two_factor_invitation",
    ),
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
    path("themas/", include("themes.urls")),
    path("over/", views.SitePage.as_view(page="about"), name="about"),
    path("toegankelijkheid/", views.SitePage.as_view(page="accessibility"), name="accessibility"),
    path("privacy/", views.SitePage.as_view(page="privacy"), name="privacy"),
    path("initiatieven/", include("initiatives.urls")),
    path("gemeenten/", include("places.urls")),
    path("inzicht/", include("initiatives.overview_urls")),
    path("", include("cases.urls")),
    path("meldingen/", include("catalogue.alert_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

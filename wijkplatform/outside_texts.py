"""Dutch names in the admin for the parts of other packages (django-axes, django-otp,
django-taggit), without migrations in those packages.

Their model names are English msgids that our locale/nl/LC_MESSAGES/django.po translates:
LOCALE_PATHS come before the packages' own catalogues. `make messages` drops every msgid that
no code of ours names (makemessages --no-obsolete), so the list below names them with
gettext_noop. Their app names, and django-otp's model names (plain strings, so never
translated), get a translatable name from the app configs below (INSTALLED_APPS).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticAppConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig

OUTSIDE_MSGIDS = [
    # django-axes (axes/models.py)
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    # … and their fields: the columns of the lists and the labels of the forms
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    # django-taggit's singular, on a tag's form ("Tag wijzigen"); "tags" is ours too
    gettext_noop("tag"),
]


def rename_models(config, names):
    """Set translatable model names on the running models only: migrations read a model's
    names from its Meta (`_meta.original_attrs`), which stays as the package wrote it."""
    for model_name, (singular, plural) in names.items():
        opts = config.get_model(model_name)._meta
        opts.verbose_name, opts.verbose_name_plural = singular, plural


class AxesConfig(AxesAppConfig):
    default = False
    verbose_name = _("Login security")


class TOTPConfig(TOTPAppConfig):
    default = False
    verbose_name = _("Two-step login: apps")

    def ready(self):
        super().ready()
        rename_models(self, {"totpdevice": (_("app for login codes"), _("apps for login codes"))})


class StaticConfig(StaticAppConfig):
    default = False
    verbose_name = _("Two-step login: recovery codes")

    def ready(self):
        super().ready()
        rename_models(self, {"staticdevice": (_("set of recovery codes"), _("recovery codes"))})

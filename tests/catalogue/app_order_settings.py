"""The test settings with our apps in the order WIJK_APP_ORDER gives (test_index_upkeep.py)."""

import os

from wijkplatform.settings.test import *  # noqa: F403
from wijkplatform.settings.test import INSTALLED_APPS

_ORDER = os.environ["WIJK_APP_ORDER"].split(",")
INSTALLED_APPS = [app for app in INSTALLED_APPS if app not in _ORDER] + _ORDER

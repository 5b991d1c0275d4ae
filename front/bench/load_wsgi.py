"""The WSGI application the load section's gunicorn serves: the site as in production, plus the benchmark's two
reference views (front/bench/urls.py), so the empty layout page is measured on the same server as the pages."""

import os

import django
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduction.settings")
django.setup(set_prefix=False)
settings.ROOT_URLCONF = "front.bench.urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402 - after the URLconf is chosen

application = get_wsgi_application()

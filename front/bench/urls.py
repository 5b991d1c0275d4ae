"""The site's own URLs plus two reference views, used only while the benchmark measures."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from coproduction.urls import urlpatterns as site_urlpatterns


def minimal(request):
    """The least a Django view can do, through the same middleware as every page: the yardstick."""
    return HttpResponse("ok")


EMPTY_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Benchmark{% endblock %}{% block content %}<h1>Benchmark</h1>{% endblock %}'
)


def layout(request):
    """An empty page in the site's layout (menu, footer, context processors): what every page costs at least."""
    return HttpResponse(EMPTY_PAGE.render({}, request))


urlpatterns = [
    path("__bench__/minimal/", minimal, name="bench_minimal"),
    path("__bench__/layout/", layout, name="bench_layout"),
    *site_urlpatterns,
]

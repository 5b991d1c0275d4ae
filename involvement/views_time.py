"""Pages: see involvement/urls.py."""

urlpatterns = []

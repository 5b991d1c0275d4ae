from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from network import views as network_views

# Admin sign-in goes through allauth, so its rate limits and email verification cover the admin too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", network_views.home, name="home"),
    path("healthz", network_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("network.urls")),
    path("meetings/", include("network.meetings.urls")),
    path("notifications/", include("network.notifications.urls")),
    path("projects/", include("projects.urls")),
    path("pledge/", include("pledges.urls")),
    path("exports/", include("projects.exports.urls")),
    path("my-data/", include("network.privacy.urls")),
    path("admin/", admin.site.urls),
]

# When something breaks, the site's own page; when the database dropped the connection, "try again" with a 503.
handler500 = "coproduction.errors.server_error"

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from front import views as front_views

# Admin sign-in goes through allauth, so its rate limits and email verification cover the admin too.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", front_views.home, name="home"),
    path("healthz", front_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("network.urls")),
    path("meetings/", include("meetings.urls")),
    path("notifications/", include("notifications.urls")),
    path("projects/", include("projects.urls")),
    path("pledge/", include("pledges.urls")),
    path("involvement/", include("involvement.urls")),
    path("power/", include("partnership.urls")),
    path("exports/", include("projects.record_urls")),
    path("my-data/", include("privacy.urls")),
    path("support/", include("support.urls")),
    path("admin/", admin.site.urls),
]

# When something breaks, the site's own page; when the database dropped the connection, "try again" with a 503.
handler500 = "coproduction.errors.server_error"

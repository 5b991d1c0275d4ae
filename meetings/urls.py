from django.urls import path

from . import views, views_print

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/reply/", views.reply, name="reply"),
    path("<int:pk>/suggest/", views.suggest, name="suggest"),
    path("<int:pk>/papers/<int:paper_id>/", views.paper_download, name="paper"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/access-needs/", views.access_needs, name="access_needs"),
    path("<int:pk>/phone-and-post/", views.offline_list, name="offline_list"),
    path("<int:pk>/minutes/print/", views_print.minutes_print, name="minutes_print"),
    path("calendar/", views.calendar_help, name="calendar"),
    path("calendar/new-address/", views.calendar_reset, name="calendar_reset"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="feed"),
]

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("read/", views.read_my_data, name="read"),
    path("download/", views.download, name="download"),
    path("delete-my-account/", views.erase_account, name="erase"),
    path("offline-members/<int:member_id>/download/", views.download_for_offline_member, name="offline_download"),
    path("offline-members/<int:member_id>/delete/", views.erase_offline_member, name="offline_erase"),
]

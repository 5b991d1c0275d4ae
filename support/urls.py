from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("", views.my_support, name="mine"),
    path("member/<int:member_id>/", views.member_support, name="for_offline"),
    path("people/<int:link_id>/", views.change_permissions, name="change"),
    path("for/<int:member_id>/", views.supporting, name="supporting"),
    path("for/<int:member_id>/meetings/<int:meeting_id>/", views.reply_for, name="reply_for"),
    path("for/<int:member_id>/access-needs/", views.access_needs_for, name="access_needs_for"),
    path("welcome/<str:token>/", views.welcome, name="welcome"),
]

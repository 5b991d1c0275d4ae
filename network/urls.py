from django.urls import path

from . import views, views_accessibility, views_strengths
from .views_easy_read import switch_easy_read

app_name = "network"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/what-i-bring/", views_strengths.what_i_bring, name="what_i_bring"),
    path("profile/what-i-bring/<int:pk>/", views_strengths.change_piece, name="change_what_i_bring"),
    path("profile/what-i-bring/<int:pk>/remove/", views_strengths.remove_piece, name="remove_what_i_bring"),
    path("members/", views.directory, name="directory"),
    path("members/what-they-bring/", views_strengths.search, name="what_they_bring"),
    path("members/add-offline/", views.add_offline_member, name="add_offline_member"),
    path("members/invite/", views.invite, name="invite"),
    path("members/<int:pk>/", views.manage_member, name="manage_member"),
    path("members/<int:pk>/role/", views.change_role, name="change_role"),
    path("members/<int:pk>/consent/", views.record_consent, name="record_consent"),
    path("members/<int:pk>/make-lead/", views.make_lead, name="make_lead"),
    path("members/<int:pk>/powers/", views.change_power, name="change_power"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("about/", views.about, name="about"),
    path("about/edit/", views.edit_about, name="edit_about"),
    path("contact/", views.contact, name="contact"),
    path("contact/thanks/", views.contact_thanks, name="contact_thanks"),
    path("getting-involved/", views.blockages, name="blockages"),
    path("easy-read/", switch_easy_read, name="easy_read"),
    path("accessibility/", views_accessibility.accessibility_statement, name="accessibility"),
    path("language/", views_accessibility.choose_language, name="choose_language"),
]

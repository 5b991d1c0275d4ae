from django.urls import path

from . import views, views_actions, views_impact

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("my-actions/", views_actions.my_actions, name="my_actions"),
    path("actions/<int:action_id>/done/", views_actions.mark_action, name="mark_action"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/edit/", views.project_edit, name="edit"),
    path("<slug:slug>/members/", views.project_members, name="members"),
    path("<slug:slug>/members/<int:membership_id>/role/", views.set_project_role, name="set_project_role"),
    path("<slug:slug>/join/", views.project_join, name="join"),
    path("<slug:slug>/joined/", views.project_joined, name="joined"),
    path("<slug:slug>/leave/", views.project_leave, name="leave"),
    path(
        "<slug:slug>/requests/<int:membership_id>/yes/", views.decide_request, {"decision": "approve"},
        name="approve_request",
    ),
    path(
        "<slug:slug>/requests/<int:membership_id>/no/", views.decide_request, {"decision": "decline"},
        name="decline_request",
    ),
    path("<slug:slug>/stage/", views.move_stage, name="move_stage"),
    path("<slug:slug>/checklist/", views.save_checklist, name="save_checklist"),
    path("<slug:slug>/checklist/<int:item_id>/", views.tick_item, name="tick_item"),
    path("<slug:slug>/actions/", views_actions.project_actions, name="actions"),
    path("<slug:slug>/actions/<int:action_id>/edit/", views_actions.edit_action, name="edit_action"),
    path("<slug:slug>/impact/new/", views_impact.add_impact, name="add_impact"),
    path("<slug:slug>/reflect/", views_impact.reflect, name="reflect"),
    path("<slug:slug>/reflections/comments/", views_impact.reflection_comments, name="reflection_comments"),
]

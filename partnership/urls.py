from django.urls import path

from . import views

app_name = "partnership"

urlpatterns = [
    path("figures/", views.network_figures, name="figures"),
    path("projects/<slug:slug>/figures/", views.project_figures, name="project_figures"),
    path("framework/", views.network_framework, name="framework"),
    path("projects/<slug:slug>/framework/", views.project_framework, name="project_framework"),
    path("projects/<slug:slug>/framework/evidence/", views.add_evidence, name="add_evidence"),
    path("projects/<slug:slug>/framework/recognise/", views.recognise, name="recognise"),
    path("recognitions/<int:pk>/certificate/", views.certificate, name="certificate"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/answer/", views.answer_review, name="answer_review"),
    path("reviews/<int:pk>/run/", views.run_review, name="run_review"),
    path("reviews/<int:pk>/report/", views.report, name="report"),
]

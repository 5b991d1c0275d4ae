from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge, name="pledge"),
    path("sign/", views.sign, name="sign"),
    path("thank-you/", views.signed, name="signed"),
    path("wall/", views.wall_choice, name="wall_choice"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("certificate/", views.my_certificate, name="my_certificate"),
    path("certificate/<int:pk>/", views.certificate, name="certificate"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
]

from . import views_claims, views_figures, views_mine, views_time

app_name = "involvement"

urlpatterns = [
    *views_time.urlpatterns,
    *views_claims.urlpatterns,
    *views_mine.urlpatterns,
    *views_figures.urlpatterns,
]

from django.urls import path

from ratings import views

app_name = "ratings"

urlpatterns = [
    path("matches/<int:match_id>/", views.ballot, name="ballot"),
    path("matches/<int:match_id>/players/<int:appearance_id>/rating/", views.rate, name="rate"),
    path("matches/<int:match_id>/results/", views.results, name="results"),
    path("matches/<int:match_id>/results.json", views.results_json, name="results_json"),
    path("matches/<int:match_id>/results.csv", views.results_csv, name="results_csv"),
    path("matches/<int:match_id>/embed/", views.embed, name="embed"),
    path("players/<int:player_id>/", views.player, name="player"),
    path("competitions/<int:competition_id>/players/", views.season, name="season"),
]

from django.urls import path

from ratings import views

app_name = "ratings"

urlpatterns = [
    path("matches/<int:match_id>/", views.ballot, name="ballot"),
    path("matches/<int:match_id>/players/<int:appearance_id>/rating/", views.rate, name="rate"),
    path("matches/<int:match_id>/results/", views.results, name="results"),
    path("players/<int:player_id>/", views.player, name="player"),
    path("accounts/signup/", views.signup, name="signup"),
]

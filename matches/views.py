from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from matches.models import Match


@require_GET
@vary_on_headers("HX-Request")
def match_list(request: HttpRequest) -> HttpResponse:
    matches = list(Match.objects.with_teams())
    template = "matches/match_list.html"
    if request.htmx:
        template += "#match-list"
    return render(request, template, {"matches": matches})


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    # One round trip proves the database answers, not only that Python is up.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")

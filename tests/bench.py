"""`make bench`: how the fan-facing pages scale, as ratios against a baseline in the same run.

It builds a throwaway test database, loads the demo match with many demo fans, then times
requests through Django's test client (the whole stack but the network):

- baseline: /healthz, one trivial query, so the ratios cancel out this machine's speed;
- the results page at 40 and at N fans: the tallies are sums in one query, so the ratio
  between the two should stay close to 1 however many fans vote;
- the ballot page and a single HTMX rating save, for a logged-in fan.

It prints median and 95th-percentile latency, requests per second, and each ratio to the
baseline. Nothing is asserted: the numbers are for reading and comparing between commits.
"""

import io
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))
FANS = int(os.environ.get("BENCH_FANS", "2000"))


def measure(name: str, request, rounds: int = ROUNDS) -> dict:
    for _ in range(10):  # warm caches and connections
        request()
    timings = []
    started = time.perf_counter()
    for _ in range(rounds):
        t0 = time.perf_counter()
        response = request()
        timings.append(time.perf_counter() - t0)
        if response.status_code != 200:
            sys.exit(f"{name}: HTTP {response.status_code}")
    elapsed = time.perf_counter() - started
    timings.sort()
    return {
        "name": name,
        "median_ms": statistics.median(timings) * 1000,
        "p95_ms": timings[int(len(timings) * 0.95) - 1] * 1000,
        "per_second": rounds / elapsed,
    }


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run() -> None:
    from matches.models import Match
    from ratings.models import FanRating
    from tests.factories import make_fan

    call_command("load_demo", fans=40, stdout=io.StringIO())
    match = Match.objects.get()
    client = Client()
    results_url = f"/matches/{match.pk}/results/"
    rows = [
        measure("baseline /healthz", lambda: client.get("/healthz")),
        measure("results, 40 fans", lambda: client.get(results_url)),
    ]
    call_command("load_demo", fans=FANS, stdout=io.StringIO())
    votes = FanRating.objects.count()
    rows.append(measure(f"results, {FANS} fans", lambda: client.get(results_url)))

    fan = make_fan("bench-fan")
    client.force_login(fan)
    appearance = match.appearances.first()
    rate_url = f"/matches/{match.pk}/players/{appearance.pk}/rating/"
    field = f"rating-{appearance.pk}"
    rows.append(measure("ballot page, logged in", lambda: client.get(f"/matches/{match.pk}/")))
    rows.append(
        measure(
            "save one rating (HTMX)",
            lambda: client.post(rate_url, {field: "7"}, headers={"HX-Request": "true"}),
        )
    )

    baseline = rows[0]
    print(f"Terrace benchmark: {ROUNDS} requests each, {votes} fan votes on the demo match")
    print(f"{'what':<28}{'median ms':>10}{'p95 ms':>9}{'req/s':>9}{'x baseline':>12}")
    for row in rows:
        ratio = row["median_ms"] / baseline["median_ms"]
        print(
            f"{row['name']:<28}{row['median_ms']:>10.2f}{row['p95_ms']:>9.2f}"
            f"{row['per_second']:>9.0f}{ratio:>12.1f}"
        )
    small, large = rows[1], rows[2]
    print(
        f"results page at {FANS} fans costs {large['median_ms'] / small['median_ms']:.2f}x "
        "what it costs at 40 fans"
    )


if __name__ == "__main__":
    main()

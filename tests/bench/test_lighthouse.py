"""How `make lighthouse` (maker2/bench/lighthouse.py) reads Lighthouse's reports and decides."""

from maker2.bench.lighthouse import (
    CATEGORIES,
    Result,
    failures,
    losses_of,
    median_report,
    scores_of,
    table,
    targets,
)


def report(performance=1.0, accessibility=1.0, best_practices=1.0, seo=1.0, audits=None):
    """A report shaped like Lighthouse's JSON: categories with audit references, and audits."""
    categories = {
        "performance": {
            "score": performance,
            "auditRefs": [
                {"id": "cumulative-layout-shift", "weight": 25},
                {"id": "total-blocking-time", "weight": 30},
                {"id": "uses-long-cache-ttl", "weight": 0},
            ],
        },
        "accessibility": {"score": accessibility, "auditRefs": [{"id": "image-alt", "weight": 10}]},
        "best-practices": {"score": best_practices, "auditRefs": []},
        "seo": {"score": seo, "auditRefs": []},
    }
    return {"categories": categories, "audits": audits or {}}


def test_scores_are_out_of_a_hundred_and_none_when_lighthouse_gave_none():
    assert scores_of(report(0.944, 1.0, 0.955, None)) == {
        "performance": 94,
        "accessibility": 100,
        "best-practices": 96,
        "seo": None,
    }


def test_losses_are_the_weighted_audits_below_full_marks_worst_first():
    audits = {
        "cumulative-layout-shift": {
            "title": "Cumulative Layout Shift",
            "score": 0.5,
            "displayValue": "0.2",
        },
        "total-blocking-time": {
            "title": "Total Blocking Time",
            "score": 0.2,
            "displayValue": "600 ms",
        },
        "uses-long-cache-ttl": {"title": "Cache", "score": 0},  # weight 0: costs nothing
        "image-alt": {"title": "Images have alt", "score": 1},
    }

    assert losses_of(report(audits=audits)) == [
        ("performance", "Total Blocking Time", "600 ms"),
        ("performance", "Cumulative Layout Shift", "0.2"),
    ]


def test_the_median_run_by_performance_is_kept():
    runs = [report(0.80), report(0.99), report(0.91)]

    assert scores_of(median_report(runs))["performance"] == 91
    assert scores_of(median_report(runs[:2]))["performance"] == 80  # the lower of two


def test_a_page_fails_for_each_score_below_the_threshold_or_missing():
    results = [
        Result("home-en", "/en/", dict.fromkeys(CATEGORIES, 100)),
        Result(
            "directory-zh-hans",
            "/zh-hans/spaces/",
            {**dict.fromkeys(CATEGORIES, 100), "performance": 68, "seo": None},
        ),
        Result("space-en", "/en/spaces/x/", error="HTTP 500"),
    ]

    assert failures(results, 95) == [
        "directory-zh-hans: performance 68 < 95",
        "directory-zh-hans: no seo score",
        "space-en: not measured (HTTP 500)",
    ]
    assert failures(results[:1], 95) == []
    assert failures([Result("stats-en", "/en/stats/", dict.fromkeys(CATEGORIES, 95))], 95) == []


def test_the_table_has_a_row_per_page():
    results = [
        Result(
            "home-en",
            "/en/",
            {"performance": 97, "accessibility": 100, "best-practices": 100, "seo": 100},
        ),
        Result("space-en", "/en/spaces/x/", error="lighthouse failed"),
    ]

    assert table(results).splitlines()[2:] == [
        "| [home-en](/en/) | 97 | 100 | 100 | 100 |",
        "| [space-en](/en/spaces/x/) | not measured | not measured | not measured | not measured |",
    ]


def test_the_pages_are_six_in_two_languages_and_can_be_chosen_by_glob():
    every = targets([])

    assert len(every) == 12
    assert [name for name, _, _ in targets(["space-*", "home-en"])] == [
        "home-en",
        "space-en",
        "space-zh-hans",
    ]
    search = dict((name, (page, path)) for name, page, path in every)["search-zh-hans"]
    assert search[1] == "/zh-hans/search/?q=maker"

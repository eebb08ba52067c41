"""Measure directory search against its baselines, in one run, on synthetic spaces.

Stock PostgreSQL does not segment Chinese into words, so the candidates differ in what they
find as much as in speed. For each query this times (median of several runs) and counts:

- baseline: `icontains` over the separate name/address/description columns, no index
  (what a plain Django search would do);
- full text: `to_tsvector('simple', …) @@ plainto_tsquery` over the same text;
- chosen: the stored, lower-cased `search_document` column with its GIN trigram index,
  substring OR trigram word similarity (`Space.objects.search`).

Everything it writes is rolled back.
"""

import random
import statistics
import time

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q

from spaces.models import City, Space

SYLLABLES_ZH = "创客空间北京上海深圳杭州成都武汉西安实验室工坊联合办公孵化器硬件机器人电子木工设计"
WORDS_EN = (
    "maker lab space hub works studio garage factory foundry hacker fab digital robot "
    "hardware design wood metal print laser electronics community innovation centre"
).split()
QUERIES = ["创客", "空间", "机器人实验室", "makerspace", "makersapce", "robot", "laser"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Compare search strategies on synthetic spaces (nothing is kept)."

    def add_arguments(self, parser):
        parser.add_argument("--spaces", type=int, default=20000)
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, spaces: int, repeat: int, seed: int, **options):
        try:
            with transaction.atomic():
                self.fill(spaces, random.Random(seed))
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE spaces_space")
                self.compare(repeat)
                raise Rollback
        except Rollback:
            pass

    def fill(self, count: int, rng: random.Random) -> None:
        city = City.objects.create(name_en="Benchmark City", slug="benchmark-city-zz", country="CN")
        batch = []
        for n in range(count):
            zh = "".join(rng.choice(SYLLABLES_ZH) for _ in range(rng.randint(3, 8)))
            en = " ".join(rng.choice(WORDS_EN) for _ in range(rng.randint(2, 4))).title()
            description = " ".join(rng.choice(WORDS_EN) for _ in range(30))
            batch.append(
                Space(
                    name_en=en,
                    name_zh=zh,
                    slug=f"benchmark-{n}",
                    kind=Space.Kind.MAKERSPACE,
                    status=Space.Status.PUBLISHED,
                    city=city,
                    address_zh=zh + "路" + str(n),
                    description_en=description,
                )
            )
        Space.objects.bulk_create(batch, batch_size=2000)

    def compare(self, repeat: int) -> None:
        fields = ["name_en", "name_zh", "address_en", "address_zh", "description_en"]
        strategies = {
            "baseline icontains": lambda q: Space.objects.filter(
                _any(Q(**{f"{f}__icontains": q}) for f in fields)
            ),
            "full text (simple)": lambda q: Space.objects.annotate(
                document=SearchVector(*fields, config="simple")
            ).filter(document=SearchQuery(q, config="simple")),
            "chosen trigram": lambda q: Space.objects.search(q),
        }
        header = f"{'query':<14}" + "".join(f"{name:>26}" for name in strategies)
        self.stdout.write(f"{Space.objects.count()} spaces; median of {repeat} runs, ms (rows)")
        self.stdout.write(header)
        for query in QUERIES:
            cells = []
            for build in strategies.values():
                timings, rows = [], 0
                for _ in range(repeat):
                    started = time.perf_counter()
                    rows = len(list(build(query).values_list("pk", flat=True)[:50]))
                    timings.append((time.perf_counter() - started) * 1000)
                cells.append(f"{statistics.median(timings):>18.1f} ({rows:>3})")
            self.stdout.write(f"{query:<14}" + "".join(cells))


def _any(conditions) -> Q:
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined

"""Bring every row's `updated_at` up to the latest change of the rows it shows.

Until now the API computed that on each request from the embedded rows' times; from here on
spaces/signals.py keeps it in `updated_at` itself (indexed, so lists order and page fast).
This catches up the rows saved before, once, in the order rows embed each other.
"""

from django.db import migrations, models
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Greatest

EMBEDS = [
    ("spaces", "Network", ("parent",)),
    ("spaces", "Space", ("city", "networks", "services", "equipment")),
    ("members", "Maker", ("city", "memberships__space")),
    ("members", "Project", ("team", "spaces")),
    ("members", "FundingRound", ("project",)),
]


def catch_up(apps, schema_editor):
    for app_label, name, paths in EMBEDS:
        model = apps.get_model(app_label, name)
        latest = [
            Subquery(
                model.objects.filter(pk=OuterRef("pk"))
                .order_by()
                .values("pk")
                .annotate(latest=Max(f"{path}__updated_at"))
                .values("latest"),
                output_field=models.DateTimeField(),
            )
            for path in paths
        ]
        model.objects.update(updated_at=Greatest(F("updated_at"), *latest))


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0010_sync_order_indexes"),
        ("spaces", "0008_sync_order_indexes"),
    ]

    operations = [migrations.RunPython(catch_up, migrations.RunPython.noop)]

from django.db import migrations

from maker2.models import stored_search_text, term_variants


def fill_space_skills(apps, schema_editor):
    """Each space's search_skills: the skills of its current members with public profiles."""
    Space = apps.get_model("spaces", "Space")
    Membership = apps.get_model("members", "Membership")
    skills = {pk: [] for pk in Space.objects.values_list("pk", flat=True)}
    rows = (
        Membership.objects.filter(ended_on__isnull=True, maker__visibility="public")
        .order_by()
        .values_list("space_id", "maker__skills")
    )
    for pk, maker_skills in rows.iterator(chunk_size=5000):
        skills[pk] += maker_skills
    stored_search_text(
        Space, "search_skills", {pk: term_variants(terms) for pk, terms in skills.items()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0015_add_maker_totals"),
        ("spaces", "0014_search_by_what_a_space_offers"),
    ]

    operations = [
        migrations.RunPython(fill_space_skills, migrations.RunPython.noop, elidable=True),
    ]

"""Model building blocks shared by the apps: timestamps for sync, bilingual text, search."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce, Concat, Lower
from django.utils.translation import get_language


class TimeStampedModel(models.Model):
    """Every public model carries indexed timestamps: partners sync on `updated_at`."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Foreign keys to the rows a partner sees this one inside of (a plan inside its space):
    # saving or deleting this row marks those as changed too. See spaces/signals.py.
    sync_parents: tuple[str, ...] = ()
    # Relation paths to rows this one's representation shows ("city", "memberships__space"):
    # when one of those changes, this row's `updated_at` moves too, so `updated_at` alone
    # (indexed, and what partners order and page by) says when anything shown changed.
    sync_embeds: tuple[str, ...] = ()

    class Meta:
        abstract = True


def sync_index(model: str) -> models.Index:
    """The order partners sync in (`updated_at`, then id), so keyset pages read an index."""
    return models.Index(fields=["updated_at", "id"], name=f"{model}_sync_order")


def prefers_chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


class Localized:
    """Read `<field>_en` / `<field>_zh` in the active language, falling back to the other.

    `name = Localized()` on a model with `name_en` and `name_zh` makes `obj.name` the text a
    visitor should see: Chinese for a Chinese page when there is any, English otherwise.
    """

    def __set_name__(self, owner, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        english = getattr(instance, f"{self.attribute}_en")
        chinese = getattr(instance, f"{self.attribute}_zh")
        if prefers_chinese():
            return chinese or english
        return english or chinese


def either_language_required(field: str, model: str) -> models.CheckConstraint:
    """A bilingual text may lack one language, never both."""
    return models.CheckConstraint(
        condition=~models.Q(**{f"{field}_en": "", f"{field}_zh": ""}),
        name=f"{model}_{field}_in_some_language",
    )


def searchable_text(*fields: str) -> models.GeneratedField:
    """A lower-cased copy of the searchable text, kept by PostgreSQL and trigram-indexed.

    Stock PostgreSQL does not segment Chinese into words, so full-text search misses
    "创客" inside "北京创客空间". A substring match (LIKE) over this column finds any
    Chinese or English fragment, and trigram word similarity forgives English typos;
    a GIN gin_trgm_ops index serves both. The measurements are in the README.
    """
    text = models.TextField()
    parts = []
    for field in fields:
        parts += [Coalesce(F(field), Value(""), output_field=text), Value(" ", output_field=text)]
    return models.GeneratedField(
        expression=Lower(Concat(*parts[:-1], output_field=text)),
        output_field=text,
        db_persist=True,
    )


def search_index(model: str, field: str = "search_document") -> GinIndex:
    suffix = "search" if field == "search_document" else "search_text"
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=f"{model}_{suffix}")


def normalize_query(text: str) -> str:
    return " ".join(text.lower().split())[:100]


class SearchableQuerySet(models.QuerySet):
    """`search(text)` over a model's `search_document` (and `search_text`), best first.

    A row matches when its short document (names, addresses) contains the text or has a
    stretch similar enough to it (pg_trgm's `%>`, with the threshold settings.py gives the
    connection), or when its long `search_text` (descriptions, bios), if any, contains it.
    Similarity is measured on the short document only: over long texts it costs a
    thousand times more (see `manage.py benchmark_search`). A match in the names ranks
    above one in the long text, and both above mere similarity.
    """

    def search(self, text: str):
        query = normalize_query(text)
        if not query:
            return self.none()
        in_document = Q(search_document__contains=query)
        matches = in_document | Q(search_document__trigram_word_similar=query)
        rank = TrigramWordSimilarity(Value(query), "search_document") + Case(
            When(in_document, then=Value(1.0)), default=Value(0.0)
        )
        if any(field.name == "search_text" for field in self.model._meta.fields):
            in_text = Q(search_text__contains=query)
            matches |= in_text
            rank += Case(When(in_text, then=Value(0.5)), default=Value(0.0))
        return self.annotate(search_rank=rank).filter(matches).order_by("-search_rank", "pk")

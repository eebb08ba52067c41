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

    class Meta:
        abstract = True


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


def search_document(*fields: str) -> models.GeneratedField:
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


def search_index(model: str) -> GinIndex:
    return GinIndex(fields=["search_document"], opclasses=["gin_trgm_ops"], name=f"{model}_search")


def normalize_query(text: str) -> str:
    return " ".join(text.lower().split())[:100]


class SearchableQuerySet(models.QuerySet):
    """`search(text)` over a model's `search_document`, best matches first.

    A row matches when it contains the text, or when some stretch of it is similar enough
    to the text (pg_trgm's `%>`, with the threshold settings.py gives the connection).
    Containing the text ranks above mere similarity.
    """

    def search(self, text: str):
        query = normalize_query(text)
        if not query:
            return self.none()
        similarity = TrigramWordSimilarity(Value(query), "search_document")
        substring = Q(search_document__contains=query)
        return (
            self.annotate(
                search_rank=similarity + Case(When(substring, then=Value(1.0)), default=Value(0.0))
            )
            .filter(substring | Q(search_document__trigram_word_similar=query))
            .order_by("-search_rank", "pk")
        )

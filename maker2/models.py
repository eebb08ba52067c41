"""Model building blocks shared by the apps: timestamps for sync, bilingual text, search."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Length, Lower
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


def bigrams(field: str) -> Func:
    """The distinct two-character pieces of a column (maker2_bigrams, spaces migration 0010).

    A trigram index cannot serve a two-character query, and most Chinese words have two
    characters ("创客"); an index on this array can: whatever contains "创客" has that piece.
    """
    return Func(F(field), function="maker2_bigrams", output_field=ArrayField(models.TextField()))


def search_index(model: str, field: str = "search_document") -> GinIndex:
    suffix = "search" if field == "search_document" else "search_text"
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=f"{model}_{suffix}")


def search_indexes(model: str) -> list[models.Index]:
    """The short document's indexes: trigrams, two-character pieces, and its length (the
    order of the best matches among many, read off an index instead of sorted)."""
    return [
        search_index(model),
        GinIndex(bigrams("search_document"), name=f"{model}_search_bigrams"),
        models.Index(Length("search_document"), F("id"), name=f"{model}_search_order"),
    ]


def normalize_query(text: str) -> str:
    return " ".join(text.lower().split())[:100]


class SearchableQuerySet(models.QuerySet):
    """`search(text)` over a model's `search_document` (and `search_text`), best first.

    A row matches when its short document (names, addresses) contains the text, when its long
    `search_text` (descriptions, bios), if any, contains it, or when its short document has a
    stretch similar enough to the text (pg_trgm's `%>`, from three characters, with the
    threshold settings.py gives the connection). A match in the names ranks above one in the
    long text, and both above mere similarity; among name matches the shortest document
    (where the text is the larger part) comes first, among text matches the oldest row,
    among similar ones the most similar.

    Measuring similarity on every match was the cost of a query like "创客" that is in
    thousands of names (35 µs a row); these three tiers are each read off an index instead.
    `best(text, limit)` asks them in turn for a page of results; `search()` is the same
    order as one queryset, for filters and cursor pages.
    """

    def search_tiers(self, query: str) -> list[models.QuerySet]:
        # Ordered by length, not by the rank it gives, so that the index serves the order.
        tiers = [
            self.in_document(query)
            .annotate(search_rank=self.name_rank())
            .order_by(Length("search_document"), "pk")
        ]
        if self.has_long_text():
            tiers.append(
                self.filter(search_text__contains=query)
                .exclude(search_document__contains=query)
                .annotate(search_rank=Value(1.0))
                .order_by("pk")
            )
        if len(query) >= 3:
            similar = self.filter(search_document__trigram_word_similar=query).exclude(
                search_document__contains=query
            )
            if self.has_long_text():
                similar = similar.exclude(search_text__contains=query)
            tiers.append(
                similar.annotate(
                    search_rank=TrigramWordSimilarity(Value(query), "search_document")
                ).order_by("-search_rank", "pk")
            )
        return tiers

    def has_long_text(self) -> bool:
        return any(field.name == "search_text" for field in self.model._meta.fields)

    def in_document(self, query: str):
        """Rows whose short document contains `query`; for two characters with the help of
        the index of two-character pieces (a trigram index cannot serve it)."""
        if len(query) != 2:
            return self.filter(search_document__contains=query)
        return self.alias(search_bigrams=bigrams("search_document")).filter(
            search_bigrams__contains=[query], search_document__contains=query
        )

    @staticmethod
    def name_rank():
        """Above 2 for a name match, the higher the shorter the document. In double precision,
        as cursors carry it: a numeric rank would come back rounded and repeat a page."""
        length = Cast(Length("search_document"), models.FloatField())
        return Value(2.0) + Value(1.0) / (Value(1.0) + length)

    def search(self, text: str):
        query = normalize_query(text)
        if not query:
            return self.none()
        in_document = Q(search_document__contains=query)
        matches = in_document
        tiers = [When(in_document, then=self.name_rank())]
        if self.has_long_text():
            in_text = Q(search_text__contains=query)
            matches |= in_text
            tiers.append(When(in_text, then=Value(1.0)))
        similarity = Value(0.0)
        if len(query) >= 3:
            matches |= Q(search_document__trigram_word_similar=query)
            similarity = TrigramWordSimilarity(Value(query), "search_document")
        rank = Case(*tiers, default=similarity, output_field=models.FloatField())
        return self.annotate(search_rank=rank).filter(matches).order_by("-search_rank", "pk")

    def best(self, text: str, limit: int) -> list:
        """The first `limit` rows of `search(text)`, in at most one query per tier."""
        query = normalize_query(text)
        found = []
        for tier in self.search_tiers(query) if query else []:
            found += tier[: limit - len(found)]
            if len(found) == limit:
                break
        return found

"""Model building blocks shared by the apps: timestamps and tombstones for sync, shared
vocabularies (currencies, link kinds), subquery sums, bilingual text, search."""

import functools
import operator
import re
import unicodedata
from dataclasses import dataclass

import opencc
from django.apps import apps
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.validators import RegexValidator
from django.db import connection, models
from django.db.models import Case, F, Func, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, Length, Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from pypinyin import lazy_pinyin


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


def tombstone_model() -> type[models.Model]:
    """The model a deleted row leaves its tombstone in (settings.TOMBSTONE_MODEL).

    The sync machinery here (maker2/api_sync.py, maker2/rollups.py) reads tombstones; the
    model is stored with the places (spaces.Tombstone), and the setting names it, as
    AUTH_USER_MODEL names the user model.
    """
    return apps.get_model(settings.TOMBSTONE_MODEL)


# Shared vocabularies and expressions

CURRENCY_CODE = RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter ISO 4217 code, e.g. CNY."))


class LinkKind(models.TextChoices):
    WECHAT = "wechat", _("WeChat")
    WEIBO = "weibo", _("Weibo")
    DOUYIN = "douyin", _("Douyin")
    BILIBILI = "bilibili", _("Bilibili")
    XIAOHONGSHU = "xiaohongshu", _("Xiaohongshu")
    LINKEDIN = "linkedin", _("LinkedIn")
    GITHUB = "github", _("GitHub")
    X = "x", _("X (Twitter)")
    FACEBOOK = "facebook", _("Facebook")
    INSTAGRAM = "instagram", _("Instagram")
    YOUTUBE = "youtube", _("YouTube")
    OTHER = "other", _("Other")


class SumOf(Func):
    """SUM inside a correlated subquery, without the GROUP BY an ORM aggregate would add."""

    function = "SUM"


def scalar(queryset: models.QuerySet, expression: Func, output_field) -> Coalesce:
    """One number from a correlated subquery, 0 when it finds no rows."""
    subquery = Subquery(queryset.order_by().annotate(value=expression).values("value")[:1])
    return Coalesce(subquery, Value(0), output_field=output_field)


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


def search_terms_field() -> models.TextField:
    """A search column Python writes (what PostgreSQL cannot compute: pinyin, simplified
    characters, names from other tables) and a `searchable_text` reads. Not shown, not in
    the history, and written with UPDATE, so that `updated_at` does not move."""
    return models.TextField(default="", db_default="", blank=True, editable=False)


def bigrams(field: str) -> Func:
    """The distinct two-character pieces of a column (maker2_bigrams, spaces migration 0010).

    A trigram index cannot serve a two-character query, and most Chinese words have two
    characters ("创客"); an index on this array can: whatever contains "创客" has that piece.
    """
    return Func(F(field), function="maker2_bigrams", output_field=ArrayField(models.TextField()))


def search_index(model: str, field: str = "search_document") -> GinIndex:
    name = f"{model}_search" if field == "search_document" else f"{model}_{field}"
    return GinIndex(fields=[field], opclasses=["gin_trgm_ops"], name=name)


def search_indexes(model: str) -> list[models.Index]:
    """The short document's indexes: trigrams, two-character pieces, and its length (the
    order of the best matches among many, read off an index instead of sorted)."""
    return [
        search_index(model),
        GinIndex(bigrams("search_document"), name=f"{model}_search_bigrams"),
        models.Index(Length("search_document"), F("id"), name=f"{model}_search_order"),
    ]


# Folding text for search: the same on what is stored and on what is asked.

TRADITIONAL_TO_SIMPLIFIED = opencc.OpenCC("t2s")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
QUERY_LENGTH = 100


def fold(text: str) -> str:
    """Simplified characters, case folded, one space between words: 創客 Space → 创客 space."""
    return " ".join(TRADITIONAL_TO_SIMPLIFIED.convert(text).casefold().split())


def compact(text: str) -> str:
    """Letters and digits only, accents and tone marks dropped: "Ur-Work" and "Ur Work" are
    both "urwork", "chái huǒ" is "chaihuo"."""
    kept = (c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c)[0] in "LN")
    return unicodedata.normalize("NFC", "".join(kept))


def pinyin(text: str) -> str:
    """The pinyin of the Chinese in `text`, without tones or spaces: 柴火创客空间 →
    "chaihuochuangkekongjian" (ü as u, as compact() reads a typed ü)."""
    if not HAN.search(text):
        return ""
    return compact(" ".join(lazy_pinyin(text, v_to_u=True)))


def name_variants(*names: str) -> str:
    """What a name is also found by: its simplified characters, its letters without the spaces
    and marks between them ("Ur Work" → "urwork") and the pinyin of its Chinese. Stored
    beside the names themselves (the `search_names` column), so only what they lack."""
    found = []
    for name in filter(None, names):
        as_written, folded = name.casefold(), fold(name)
        for variant in (folded, compact(folded), pinyin(folded)):
            if variant and variant not in as_written and variant not in found:
                found.append(variant)
    return " ".join(found)


def term_variants(terms) -> str:
    """What a list of terms (services, equipment, plans, skills) is found by: each folded,
    and without its spaces ("3D 打印机" is found by "3d打印机"), in a stable order."""
    found = {}
    for term in filter(None, terms):
        folded = fold(term)
        found[folded] = found[compact(folded)] = None
    return " ".join(sorted(variant for variant in found if variant))


class SearchableNames:
    """A model whose `search_names` column (a `search_terms_field`) holds the variants of the
    names in `search_name_fields`, stored on every save, `update_fields` or not."""

    search_name_fields: tuple[str, ...] = ("name_en", "name_zh")

    def save(self, *args, **kwargs) -> None:
        self.search_names = name_variants(*(getattr(self, f) for f in self.search_name_fields))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.search_name_fields) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_names"}
        super().save(*args, **kwargs)


def stored_search_text(model: type[models.Model], field: str, texts: dict) -> None:
    """Write `texts` ({pk: text}) into a `search_terms_field`, in one UPDATE per thousands of
    rows, without save(): search columns are not what a partner syncs, so `updated_at` stays."""
    table, column = model._meta.db_table, model._meta.get_field(field).column
    items = sorted(texts.items())
    for start in range(0, len(items), 5000):
        batch = items[start : start + 5000]
        with connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" AS row SET "{column}" = new.text'  # noqa: S608 (names only)
                " FROM unnest(%s::bigint[], %s::text[]) AS new (id, text)"
                f' WHERE row.id = new.id AND row."{column}" IS DISTINCT FROM new.text',
                [[pk for pk, _ in batch], [text for _, text in batch]],
            )


def singular(text: str) -> str:
    """The last English word cut to what its singular and plural share ("laser cutters" →
    "laser cutter", "libraries" → "librar"), so that a plural finds the singular too. Only
    the last word: the result is then a prefix of the text, and finds all the text finds."""
    head, _, word = text.rpartition(" ")
    if not word.isascii() or not word.isalpha():
        return text
    if word.endswith("ies") and len(word) >= 7:
        word = word[:-3]
    elif word.endswith("es") and word[:-2].endswith(("x", "ch", "sh", "ss", "z")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) >= 4:
        word = word[:-1]
    return f"{head} {word}" if head else word


@dataclass(frozen=True)
class SearchQuery:
    """A visitor's text made ready to match: `text`, folded (what similarity and ranks use),
    and `forms`, the fewest substrings that any match of the names contains: the folded text
    with a plural last word cut to its singular, the same without spaces, and, for a query in
    traditional characters, the text as typed (a description may be written in them).

    `text_forms` are those the long texts are searched for: not the words run together,
    since terms are stored both ways ("3d 打印机 3d打印机", term_variants) and prose has no
    words run together; each form more reads every candidate's long text once more."""

    text: str
    forms: tuple[str, ...]
    text_forms: tuple[str, ...]

    @classmethod
    def parse(cls, typed: str) -> "SearchQuery":
        # Control characters (a NUL, which PostgreSQL refuses in any text) are read as spaces.
        typed = "".join(" " if unicodedata.category(char) == "Cc" else char for char in typed)
        as_typed = " ".join(typed.casefold().split())[:QUERY_LENGTH]
        text = fold(as_typed)
        forms, text_forms = [], []
        for written in dict.fromkeys([text, as_typed]):
            stem = singular(written)
            forms += [stem, compact(stem)]
            text_forms += [stem] if " " in stem else [stem, compact(stem)]
        return cls(text=text, forms=fewest(forms), text_forms=fewest(text_forms))


def fewest(forms: list[str]) -> tuple[str, ...]:
    """The forms without those that contain another: whatever contains them contains it."""
    forms = list(dict.fromkeys(filter(None, forms)))
    return tuple(form for form in forms if not any(o != form and o in form for o in forms))


def any_of(conditions) -> Q:
    return functools.reduce(operator.or_, conditions)


@dataclass(frozen=True)
class SearchTier:
    """Rows matching `condition` and no earlier tier's, ranked `rank`, in an order an index
    serves (`order`). `holds` is the same test for a row at hand (cheaper than `condition`,
    which may be written for an index), and `similar` marks the tier of mere similarity, the
    rank of whatever matched no other."""

    condition: Q
    rank: models.Expression
    order: tuple
    holds: Q | None = None
    similar: bool = False
    # The condition column by column, each one an index can serve alone (search()).
    branches: tuple[Q, ...] = ()

    @property
    def test(self) -> Q:
        return self.holds or self.condition


class SearchableQuerySet(models.QuerySet):
    """`search(text)` over a model's `search_document` (and `search_text`), best first.

    A row matches when its short document (names, addresses and their variants: pinyin,
    simplified characters, names without spaces) contains the text, when its long
    `search_text` (descriptions, bios, what a space offers, its makers' skills), if any,
    contains it, or when its short document has a stretch similar enough to the text
    (pg_trgm's `%>`, from three characters, with the threshold settings.py gives the
    connection). "Contains" is any of the query's forms (SearchQuery). A match in the names
    ranks above one in the long text, and both above mere similarity; among name matches the
    shortest document (where the text is the larger part) comes first, among text matches the
    oldest row, among similar ones the most similar.

    Measuring similarity on every match was the cost of a query like "创客" that is in
    thousands of names (35 µs a row); these three tiers are each read off an index instead.
    `best(text, limit)` asks them in turn for a page of results; `search()` is the same
    order as one queryset, for filters and cursor pages. Both read `search_tiers`.
    """

    def search_tiers(self, query: SearchQuery) -> list[SearchTier]:
        # The names' tier is ordered by length, not by the rank it gives, so that the index
        # serves the order.
        tiers = [
            SearchTier(
                self.in_document(query.forms),
                self.name_rank(),
                (Length("search_document"), "pk"),
                holds=any_of(Q(search_document__contains=form) for form in query.forms),
            )
        ]
        if long_texts := self.long_text_fields():
            columns = tuple(
                any_of(Q(**{f"{field}__contains": form}) for form in query.text_forms)
                for field in long_texts
            )
            tiers.append(SearchTier(any_of(columns), Value(1.0), ("pk",), branches=columns))
        if len(query.text) >= 3:
            similar = Q(search_document__trigram_word_similar=query.text)
            similarity = TrigramWordSimilarity(Value(query.text), "search_document")
            tiers.append(SearchTier(similar, similarity, ("-search_rank", "pk"), similar=True))
        return tiers

    def long_text_fields(self) -> list[str]:
        """The model's long texts: `search_terms` (short words: what a space offers, its
        makers' skills) and `search_text` (prose), in that order, so that a row matched by
        its terms is not read for its prose as well."""
        names = {field.name for field in self.model._meta.fields}
        return [name for name in ("search_terms", "search_text") if name in names]

    @staticmethod
    def in_document(forms) -> Q:
        """The short document contains one of `forms`; a two-character form with the help of
        the index of two-character pieces (a trigram index cannot serve it), which the
        queryset must alias as `search_bigrams` (`searching()`)."""
        return any_of(
            Q(search_bigrams__contains=[form], search_document__contains=form)
            if len(form) == 2
            else Q(search_document__contains=form)
            for form in forms
        )

    def searching(self):
        return self.alias(search_bigrams=bigrams("search_document"))

    @staticmethod
    def name_rank():
        """Above 2 for a name match, the higher the shorter the document. In double precision,
        as cursors carry it: a numeric rank would come back rounded and repeat a page."""
        length = Cast(Length("search_document"), models.FloatField())
        return Value(2.0) + Value(1.0) / (Value(1.0) + length)

    def search(self, text: str):
        """Rows that match `text`, best first, each with its `search_rank`."""
        query = SearchQuery.parse(text)
        if not query.forms:  # nothing to look for ("!!"): no rows, still ranked to order by
            return self.none().annotate(search_rank=Value(0.0, output_field=models.FloatField()))
        tiers = self.search_tiers(query)
        # Ranked by what each row holds, not by the conditions written for an index (the
        # pieces of every name that has "创客" cost seconds), and filtered by the ids found
        # column by column, each through its index: as one OR, a word in thousands of spaces
        # ("robot") made the planner scan the table measuring similarity on every row.
        similar = next((tier for tier in tiers if tier.similar), None)
        rank = Case(
            *(When(tier.test, then=tier.rank) for tier in tiers if tier is not similar),
            default=similar.rank if similar else Value(0.0),
            output_field=models.FloatField(),
        )
        everything = type(self)(self.model, using=self.db).searching().order_by()
        first, *others = [
            everything.filter(branch).values("pk")
            for tier in tiers
            for branch in tier.branches or (tier.condition,)
        ]
        return (
            self.searching()
            .annotate(search_rank=rank)
            .filter(pk__in=first.union(*others))
            .order_by("-search_rank", "pk")
        )

    def best(self, text: str, limit: int) -> list:
        """The first `limit` rows of `search(text)`, in at most one query per tier.

        A tier asked after another gave all its rows (fewer than the page) leaves out those
        rows by their ids, not by testing the other tier's condition again: that would read
        each candidate's long text once more."""
        query = SearchQuery.parse(text)
        found = []
        for tier in self.search_tiers(query) if query.forms else []:
            rows = (
                self.searching()
                .filter(tier.condition)
                .exclude(pk__in=[row.pk for row in found])
                .annotate(search_rank=tier.rank)
                .order_by(*tier.order)
            )
            found += rows[: limit - len(found)]
            if len(found) == limit:
                break
        return found

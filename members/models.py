"""People and what they build: makers, their memberships, projects and funding rounds."""

import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from maker2.models import (
    Localized,
    SearchableQuerySet,
    TimeStampedModel,
    either_language_required,
    search_document,
    search_index,
)
from spaces.models import (
    CURRENCY_CODE,
    City,
    LinkKind,
    Network,
    Space,
    SumOf,
    network_rollup,
    scalar,
)

MONEY = {"max_digits": 16, "decimal_places": 2}


class MakerQuerySet(SearchableQuerySet):
    def public(self):
        return self.filter(visibility=Maker.Visibility.PUBLIC)

    def visible_to(self, user):
        """Public profiles for everyone; members-only ones too for signed-in users."""
        if user is not None and user.is_authenticated:
            return self.exclude(visibility=Maker.Visibility.HIDDEN)
        return self.public()


def avatar_path(maker: "Maker", filename: str) -> str:
    return f"members/avatars/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class Maker(TimeStampedModel):
    """A person's public profile, optionally tied to a login account."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Signed-in members only")
        HIDDEN = "hidden", _("Hidden")

    display_name = models.CharField(_("display name"), max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    bio_en = models.TextField(_("bio (English)"), blank=True)
    bio_zh = models.TextField(_("bio (Chinese)"), blank=True)
    skills = ArrayField(
        models.CharField(max_length=50),
        verbose_name=_("skills"),
        default=list,
        blank=True,
        help_text=_("Separate skills with commas."),
    )
    city = models.ForeignKey(
        City,
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="makers",
    )
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        db_index=True,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="maker",
    )

    search_document = search_document("display_name", "slug", "bio_en", "bio_zh")

    objects = MakerQuerySet.as_manager()

    bio = Localized()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("maker")
        verbose_name_plural = _("makers")
        indexes = [GinIndex(fields=["skills"], name="maker_skills_gin"), search_index("maker")]

    def __str__(self) -> str:
        return self.display_name


class MakerLink(TimeStampedModel):
    maker = models.ForeignKey(
        Maker, verbose_name=_("maker"), on_delete=models.CASCADE, related_name="links"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    url = models.URLField(_("URL"))

    sync_parents = ("maker",)

    class Meta:
        ordering = ["maker_id", "kind"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [models.UniqueConstraint(fields=["maker", "url"], name="maker_link_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


class MembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def managing(self):
        return self.filter(role=Membership.Role.MANAGER)


class Membership(TimeStampedModel):
    """A maker's place in a space: member, resident, mentor, manager or founder."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        RESIDENT = "resident", _("Resident")
        MENTOR = "mentor", _("Mentor")
        MANAGER = "manager", _("Manager")
        FOUNDER = "founder", _("Founder")

    maker = models.ForeignKey(
        Maker, verbose_name=_("maker"), on_delete=models.CASCADE, related_name="memberships"
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("since"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    sync_parents = ("maker", "space")

    class Meta:
        ordering = ["space_id", "role", "maker_id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="membership_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["maker", "space", "role"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_current_per_role",
                violation_error_message=_("This maker already has this role in this space."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.maker} – {self.get_role_display()} – {self.space}"


class ProjectQuerySet(SearchableQuerySet):
    pass


class Project(TimeStampedModel):
    """A venture or product built by makers, incubated by one or more spaces."""

    class Stage(models.TextChoices):
        IDEA = "idea", _("Idea")
        PROTOTYPE = "prototype", _("Prototype")
        PRODUCT = "product", _("Product on the market")
        GROWTH = "growth", _("Growing")
        ACQUIRED = "acquired", _("Acquired")
        CLOSED = "closed", _("Closed")

    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    slug = models.SlugField(max_length=150, unique=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    stage = models.CharField(
        _("stage"), max_length=10, choices=Stage.choices, default=Stage.IDEA, db_index=True
    )
    team = models.ManyToManyField(
        Maker, verbose_name=_("team"), blank=True, related_name="projects"
    )
    spaces = models.ManyToManyField(
        Space, verbose_name=_("incubated at"), blank=True, related_name="incubated_projects"
    )
    website = models.URLField(_("website"), blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)

    search_document = search_document("name_en", "name_zh", "slug", "summary_en", "summary_zh")

    objects = ProjectQuerySet.as_manager()

    name = Localized()
    summary = Localized()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [search_index("project")]
        constraints = [either_language_required("name", "project")]

    def __str__(self) -> str:
        return self.name


class FundingRoundQuerySet(models.QuerySet):
    def totals(self) -> dict:
        """Rounds and the money they raised, in yuan and US dollars, in one query."""
        return self.aggregate(
            rounds=models.Count("pk"),
            cny=Coalesce(
                models.Sum("amount_cny"), Decimal(0), output_field=models.DecimalField(**MONEY)
            ),
            usd=Coalesce(
                models.Sum("amount_usd"), Decimal(0), output_field=models.DecimalField(**MONEY)
            ),
        )

    def incubated_where(self, space_condition: Q):
        """Rounds of projects incubated by a published space matching `space_condition`.

        The condition is written from the project↔space link (`space__…`). A project
        incubated by several matching spaces counts once.
        """
        links = Project.spaces.through.objects.filter(
            project=OuterRef("project_id"), space__status=Space.Status.PUBLISHED
        ).filter(space_condition)
        return self.filter(Exists(links))


def with_funding(places: models.QuerySet) -> models.QuerySet:
    """Annotate networks, cities or spaces with `funding_cny` and `funding_usd`.

    Counts the rounds of projects their published spaces incubated (member networks included
    for a network), each round once, in the same single query as the rest of the listing.
    """
    place = OuterRef(OuterRef("pk"))
    condition = {
        Network: network_rollup(place, "space__networks"),
        City: Q(space__city=place),
        Space: Q(space=place),
    }[places.model]
    rounds = FundingRound.objects.incubated_where(condition)
    money = models.DecimalField(**MONEY)
    return places.annotate(
        funding_cny=scalar(rounds, SumOf(F("amount_cny")), money),
        funding_usd=scalar(rounds, SumOf(F("amount_usd")), money),
    )


class FundingRound(TimeStampedModel):
    """Money a project raised on one date, with the exchange rates of that date."""

    class Stage(models.TextChoices):
        GRANT = "grant", _("Grant")
        ANGEL = "angel", _("Angel")
        PRE_SEED = "pre_seed", _("Pre-seed")
        SEED = "seed", _("Seed")
        PRE_A = "pre_a", _("Pre-A")
        A = "a", _("Series A")
        B = "b", _("Series B")
        C = "c", _("Series C")
        D = "d", _("Series D and later")
        STRATEGIC = "strategic", _("Strategic")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="rounds"
    )
    announced_on = models.DateField(_("date"), db_index=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(
        _("currency"), max_length=3, default="CNY", validators=[CURRENCY_CODE]
    )
    cny_rate = models.DecimalField(
        _("yuan per unit"),
        max_digits=14,
        decimal_places=6,
        default=Decimal(1),
        help_text=_(
            "Exchange rate on the round's date: how many yuan one unit of the currency was worth."
        ),
    )
    usd_rate = models.DecimalField(
        _("US dollars per unit"),
        max_digits=14,
        decimal_places=6,
        help_text=_(
            "Rate on the round's date: how many US dollars one unit of the currency was worth."
        ),
    )
    amount_cny = models.GeneratedField(
        expression=F("amount") * F("cny_rate"),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
    )
    amount_usd = models.GeneratedField(
        expression=F("amount") * F("usd_rate"),
        output_field=models.DecimalField(**MONEY),
        db_persist=True,
    )
    investors = ArrayField(
        models.CharField(max_length=150),
        verbose_name=_("investors"),
        default=list,
        blank=True,
        help_text=_("Separate investors with commas."),
    )

    objects = FundingRoundQuerySet.as_manager()

    sync_parents = ("project",)

    class Meta:
        ordering = ["project_id", "announced_on"]
        verbose_name = _("funding round")
        verbose_name_plural = _("funding rounds")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="round_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(cny_rate__gt=0, usd_rate__gt=0), name="round_rates_positive"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="round_currency_code"
            ),
            models.CheckConstraint(
                condition=~Q(currency="CNY") | Q(cny_rate=1), name="round_cny_rate_is_one"
            ),
            models.CheckConstraint(
                condition=~Q(currency="USD") | Q(usd_rate=1), name="round_usd_rate_is_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} – {self.get_stage_display()} ({self.announced_on})"

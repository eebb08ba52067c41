"""People and what they build: makers, their memberships, projects and funding rounds."""

import hashlib
import hmac
import secrets
import uuid
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maker2.models import (
    CURRENCY_CODE,
    LinkKind,
    Localized,
    SearchableNames,
    SearchableQuerySet,
    SumOf,
    TimeStampedModel,
    either_language_required,
    prefers_chinese,
    scalar,
    search_index,
    search_indexes,
    search_terms_field,
    searchable_text,
    stored_search_text,
    sync_index,
    term_variants,
)
from maker2.rollups import Rollup
from members.skills import skill_label
from spaces.images import AVATAR_RENDITIONS, SafeImageField, rendition_field
from spaces.models import (
    NETWORK_TREE_SQL,
    City,
    ListingHistory,
    Network,
    Space,
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


class Maker(SearchableNames, TimeStampedModel):
    """A person's public profile, optionally tied to a login account."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Signed-in members only")
        HIDDEN = "hidden", _("Hidden")

    display_name = models.CharField(_("display name"), max_length=100)
    display_name_zh = models.CharField(
        _("name in Chinese characters"),
        max_length=100,
        blank=True,
        help_text=_("Shown on Chinese pages instead of the display name, e.g. 王磊 for Wang Lei."),
    )
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
    avatar = SafeImageField(
        _("avatar"), upload_to=avatar_path, blank=True, renditions=AVATAR_RENDITIONS
    )
    avatar_small = rendition_field(_("avatar (96 × 96 px)"))
    avatar_large = rendition_field(_("avatar (256 × 256 px)"))
    avatar_small_webp = rendition_field(_("avatar (96 × 96 px, WebP)"))
    avatar_large_webp = rendition_field(_("avatar (256 × 256 px, WebP)"))
    avatar_small_avif = rendition_field(_("avatar (96 × 96 px, AVIF)"))
    avatar_large_avif = rendition_field(_("avatar (256 × 256 px, AVIF)"))
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

    search_names = search_terms_field()  # the name in pinyin, without spaces (SearchableNames)
    search_document = searchable_text("display_name", "display_name_zh", "slug", "search_names")
    search_text = searchable_text("bio_en", "bio_zh")

    search_name_fields = ("display_name", "display_name_zh")

    objects = MakerQuerySet.as_manager()
    history = ListingHistory()

    sync_embeds = ("city", "memberships__space")

    bio = Localized()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("maker")
        verbose_name_plural = _("makers")
        indexes = [
            GinIndex(fields=["skills"], name="maker_skills_gin"),
            *search_indexes("maker"),
            search_index("maker", "search_text"),
            sync_index("maker"),
            models.Index(fields=["display_name", "id"], name="maker_by_name"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def name(self) -> str:
        """The name a visitor reads: in Chinese characters on Chinese pages, when given."""
        if self.display_name_zh and prefers_chinese():
            return self.display_name_zh
        return self.display_name

    @property
    def skill_labels(self) -> list[str]:
        """The skills in the page's language where they are known ones (members/skills.py)."""
        return [skill_label(skill) for skill in self.skills]

    def get_absolute_url(self) -> str:
        return reverse("members:maker-detail", args=[self.slug])


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


def store_space_skills(spaces: models.QuerySet) -> None:
    """Write into each space's `search_skills` the skills of its current members with public
    profiles, so that a search for "laser cutting" finds where such makers are. The members'
    signals call it when skills, visibility or memberships change (members/signals.py)."""
    skills = search_skills_of(list(spaces.values_list("pk", flat=True)))
    stored_search_text(Space, "search_skills", skills)


def search_skills_of(space_ids: list[int]) -> dict[int, str]:
    """What `search_skills` holds for each of the spaces (store_space_skills)."""
    skills: dict[int, list[str]] = {pk: [] for pk in space_ids}
    for start in range(0, len(space_ids), 5000):
        rows = (
            Membership.objects.current()
            .filter(
                space_id__in=space_ids[start : start + 5000],
                maker__visibility=Maker.Visibility.PUBLIC,
            )
            .order_by()
            .values_list("space_id", "maker__skills")
        )
        for pk, maker_skills in rows:
            skills[pk] += maker_skills
    return {pk: term_variants(terms) for pk, terms in skills.items()}


def incubated_by(project, space_condition: Q) -> Exists:
    """Whether a published space matching `space_condition` incubated `project` (a pk or
    an OuterRef). The condition is written from the project↔space link (`space__…`); a
    project incubated by several matching spaces still matches once."""
    links = Project.spaces.through.objects.filter(
        project=project, space__status=Space.Status.PUBLISHED
    )
    return Exists(links.filter(space_condition))


class ProjectQuerySet(SearchableQuerySet):
    def incubated_where(self, space_condition: Q):
        """Projects incubated by a published space matching `space_condition` (`space__…`)."""
        return self.filter(incubated_by(OuterRef("pk"), space_condition))

    def recount_raised(self) -> int:
        """Store what each project's rounds add up to (`round_count`, `raised_cny`,
        `raised_usd`): the project list sorts by it, an index away instead of a GROUP BY
        over every round. The rounds' signals call it (members/signals.py)."""
        rounds = FundingRound.objects.filter(project=OuterRef("pk")).order_by().values("project")

        def total(expression, output):
            value = Subquery(rounds.annotate(total=expression).values("total"), output_field=output)
            return Coalesce(value, Value(0), output_field=output)

        money = models.DecimalField(**MONEY)
        return self.update(
            round_count=total(models.Count("pk"), models.IntegerField()),
            raised_cny=total(models.Sum("amount_cny"), money),
            raised_usd=total(models.Sum("amount_usd"), money),
        )


class Project(SearchableNames, TimeStampedModel):
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
    # All its rounds, kept by `Project.objects.recount_raised()`.
    round_count = models.PositiveIntegerField(_("rounds"), default=0, db_default=0, editable=False)
    raised_cny = models.DecimalField(
        _("raised (CNY)"), default=0, db_default=0, editable=False, **MONEY
    )
    raised_usd = models.DecimalField(
        _("raised (USD)"), default=0, db_default=0, editable=False, **MONEY
    )

    search_names = search_terms_field()  # names in pinyin, without spaces (SearchableNames)
    search_document = searchable_text("name_en", "name_zh", "slug", "search_names")
    search_text = searchable_text("summary_en", "summary_zh")

    objects = ProjectQuerySet.as_manager()
    # The sums follow the rounds, which have their own history.
    history = ListingHistory(excluded_fields=["round_count", "raised_cny", "raised_usd"])

    sync_embeds = ("team", "spaces")

    name = Localized()
    summary = Localized()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [
            *search_indexes("project"),
            search_index("project", "search_text"),
            sync_index("project"),
            models.Index(fields=["-raised_cny", "name_en", "id"], name="project_best_funded"),
            models.Index(fields=["name_en", "id"], name="project_by_name"),
        ]
        constraints = [either_language_required("name", "project")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:project-detail", args=[self.slug])


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
        return self.filter(incubated_by(OuterRef("project_id"), space_condition))


def with_funding(places: models.QuerySet) -> models.QuerySet:
    """Annotate networks, cities or spaces with `funding_cny` and `funding_usd`.

    Counts the rounds of projects their published spaces incubated (member networks included
    for a network), each round once. Networks and cities read FundingTotals; a space's own
    rounds are few enough to sum in the listing's query.
    """
    money = models.DecimalField(**MONEY)
    if places.model in (City, Network):
        FundingTotals.objects.fresh()
        return places.annotate(
            funding_cny=Coalesce(F("funding__cny"), Decimal(0), output_field=money),
            funding_usd=Coalesce(F("funding__usd"), Decimal(0), output_field=money),
        )
    rounds = FundingRound.objects.incubated_where(Q(space=OuterRef(OuterRef("pk"))))
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
    history = ListingHistory()

    sync_parents = ("project",)
    sync_embeds = ("project",)

    class Meta:
        ordering = ["project_id", "announced_on"]
        indexes = [sync_index("round")]
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


# Totals


class MakerTotals(Rollup):
    """How many profiles each kind of visitor may see: the makers list's page count, which
    counting 200,000 rows per request made grow with the directory."""

    public = models.PositiveIntegerField(default=0)
    visible_to_members = models.PositiveIntegerField(default=0)

    rollup_sources = ("members.Maker",)
    recompute_sql = """
        INSERT INTO members_makertotals (scope, year, version, public, visible_to_members)
        SELECT 'all', NULL, {version}, count(*) FILTER (WHERE visibility = 'public'),
            count(*) FILTER (WHERE visibility <> 'hidden')
        FROM members_maker
    """

    class Meta:
        verbose_name = _("maker totals")
        verbose_name_plural = _("maker totals")

    @classmethod
    def visible_to(cls, user) -> int:
        """As many as `Maker.objects.visible_to(user)` lists."""
        totals = cls.objects.everywhere()
        return totals.visible_to_members if user.is_authenticated else totals.public


class FundingTotals(Rollup):
    """Funding rounds and the money they raised: all rounds, everywhere and per year of
    announcement; per city and per network (member networks included) the rounds of the
    projects their published spaces incubated, each round once.

    Read through `with_funding()` and `FundingTotals.objects.everywhere()`; see
    maker2/rollups.py for how they stay current.
    """

    city = models.OneToOneField(City, null=True, on_delete=models.CASCADE, related_name="funding")
    network = models.OneToOneField(
        Network, null=True, on_delete=models.CASCADE, related_name="funding"
    )
    rounds = models.PositiveIntegerField(default=0)
    cny = models.DecimalField(default=0, **MONEY)
    usd = models.DecimalField(default=0, **MONEY)

    rollup_sources = ("spaces.Space", "spaces.Network", "members.Project", "members.FundingRound")
    recompute_sql = (
        "WITH RECURSIVE"
        + NETWORK_TREE_SQL
        + """,
        incubated AS (
            SELECT DISTINCT link.project_id, space.id AS space_id, space.city_id
            FROM members_project_spaces link
            JOIN spaces_space space ON space.id = link.space_id AND space.status = 'published'
        ),
        raised AS (
            SELECT project_id, count(*) AS rounds, sum(amount_cny) AS cny, sum(amount_usd) AS usd
            FROM members_fundinground GROUP BY project_id
        ),
        city_projects AS (SELECT DISTINCT city_id, project_id FROM incubated),
        network_projects AS (
            SELECT DISTINCT tree.network_id, incubated.project_id
            FROM incubated
            JOIN spaces_space_networks link ON link.space_id = incubated.space_id
            JOIN network_tree tree ON tree.member_id = link.network_id
        )
        INSERT INTO members_fundingtotals (scope, city_id, network_id, year, version,
            rounds, cny, usd)
        SELECT 'all', NULL::bigint, NULL::bigint, NULL::smallint, {version}, count(*),
            coalesce(sum(amount_cny), 0), coalesce(sum(amount_usd), 0)
        FROM members_fundinground
        UNION ALL
        SELECT 'year', NULL, NULL, extract(year FROM announced_on), {version}, count(*),
            coalesce(sum(amount_cny), 0), coalesce(sum(amount_usd), 0)
        FROM members_fundinground GROUP BY extract(year FROM announced_on)
        UNION ALL
        SELECT 'city', city_id, NULL, NULL, {version}, sum(rounds), sum(cny), sum(usd)
        FROM city_projects JOIN raised USING (project_id) GROUP BY city_id
        UNION ALL
        SELECT 'network', NULL, network_id, NULL, {version}, sum(rounds), sum(cny), sum(usd)
        FROM network_projects JOIN raised USING (project_id) GROUP BY network_id
        """
    )

    class Meta:
        verbose_name = _("funding totals")
        verbose_name_plural = _("funding totals")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="funding_totals_one_per_year")
        ]


# Space management (who manages which space in admin)


class ManagementGrant(models.Model):
    """Lets an account manage a space in admin without a manager membership.

    For the operator's staff who have no maker profile. A current manager membership of the
    account's maker counts the same (see `spaces_managed_by`); either way the account enters
    admin through `members.services.grant_space_management`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="management_grants",
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="management_grants"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        ordering = ["space_id", "user_id"]
        verbose_name = _("management grant")
        verbose_name_plural = _("management grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "space"], name="management_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.space}"


def spaces_managed_by(user) -> models.QuerySet:
    """The spaces a user manages: through a current manager membership of their maker profile.

    Superusers manage every space; anonymous and deactivated users none. An explicit
    ManagementGrant counts too.
    """
    if not (user.is_authenticated and user.is_active):
        return Space.objects.none()
    if user.is_superuser:
        return Space.objects.all()
    managing = Membership.objects.current().managing().filter(maker__user=user)
    granted = ManagementGrant.objects.filter(user=user)
    return Space.objects.filter(
        Q(pk__in=managing.values("space_id")) | Q(pk__in=granted.values("space_id"))
    )


def manager_emails(space: Space) -> list[str]:
    """Addresses of the active accounts that manage `space` (as `spaces_managed_by` counts,
    superusers aside), in one query."""
    user = OuterRef("pk")
    managing = Membership.objects.current().managing().filter(space=space, maker__user=user)
    granted = ManagementGrant.objects.filter(space=space, user=user)
    users = (
        get_user_model()
        .objects.filter(Exists(managing) | Exists(granted), is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


# Join requests (makers asking to join a space; managers decide)


class JoinRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=JoinRequest.Status.PENDING)

    def managed_by(self, user):
        """Requests to the spaces `user` manages (see `spaces_managed_by`)."""
        return self.filter(space__in=spaces_managed_by(user))


class JoinRequest(models.Model):
    """A maker asking to join a space; its managers approve (a membership follows) or decline.

    Private correspondence, not a public listing: no TimeStampedModel, so no sync tombstones.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    maker = models.ForeignKey(
        Maker, verbose_name=_("maker"), on_delete=models.CASCADE, related_name="join_requests"
    )
    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="join_requests"
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(
                fields=["maker", "space"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
                violation_error_message=_("You have already asked to join this space."),
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="join_request_decided_when_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.maker} → {self.space} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class CheckReminder(models.Model):
    """When a space's managers were last asked to check its listing (members.services.
    remind_managers_to_check), so that they are asked at most once per interval."""

    space = models.OneToOneField(
        Space,
        verbose_name=_("space"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="check_reminder",
    )
    sent_at = models.DateTimeField(_("reminded"))

    class Meta:
        verbose_name = _("check reminder")
        verbose_name_plural = _("check reminders")

    def __str__(self) -> str:
        return f"{self.space} ({self.sent_at:%Y-%m-%d})"


# API keys (partners and space managers reading and writing through the API)


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A key a partner sends as `Authorization: Api-Key <key>`; only its hash is stored.

    The key is `m2_<prefix>_<secret>`: the prefix finds the row, the secret is checked
    against its SHA-256. A random 192-bit secret needs no slow hash. The full key is shown
    once, when staff create it in admin (`ApiKey.issue`); a lost key is revoked and replaced.
    """

    class Scope(models.TextChoices):
        CONTACT = "contact", _("contact: see the email and phone of spaces")
        MANAGE = "manage", _("manage: update hours, plans and status of the user's spaces")

    name = models.CharField(_("partner"), max_length=100, help_text=_("Who uses this key."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text=_(
            "Needed for the manage scope: the key may update the spaces this user manages."
        ),
    )
    scopes = ArrayField(
        models.CharField(max_length=10, choices=Scope.choices),
        verbose_name=_("scopes"),
        default=list,
        blank=True,
    )
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(
                condition=~Q(scopes__contains=["manage"]) | Q(user__isnull=False),
                name="api_key_manage_needs_user",
                violation_error_message=_("A key with the manage scope needs an account."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (m2_{self.prefix}_…)"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    def issue(self) -> str:
        """Give the key a fresh prefix and secret, save it, and return the full key."""
        self.prefix, secret = secrets.token_hex(6), secrets.token_hex(24)
        self.secret_hash = self.hash_secret(secret)
        self.save()
        return f"m2_{self.prefix}_{secret}"

    def matches(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, self.hash_secret(secret))

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def may_manage(self, space: Space) -> bool:
        """Whether this key may update `space`: the manage scope and a user who manages it."""
        if not self.has_scope(self.Scope.MANAGE) or self.user is None:
            return False
        return spaces_managed_by(self.user).filter(pk=space.pk).exists()

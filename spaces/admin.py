"""Editing places in Django admin: cities, networks, vocabularies, spaces and the sync log.

Bilingual short fields sit side by side; long texts stack, English first. Every list
loads its related rows and totals up front, so a page costs the same queries whatever
its length (tests/spaces/test_admin.py holds the budgets).
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    OpeningHours,
    Service,
    Space,
    SpaceLink,
    SpacePhoto,
    Tombstone,
)

admin.site.site_header = _("Maker2 administration")
admin.site.site_title = _("Maker2 administration")


# Cities


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "province_en",
        "country",
        "status",
        "space_count",
        "floor_area",
        "resident_makers",
        "updated_at",
    ]
    list_filter = ["status", "country"]
    search_fields = ["name_en", "name_zh", "slug", "province_en", "province_zh"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "slug", ("province_en", "province_zh")]}),
        (_("Place"), {"fields": [("country", "timezone"), ("latitude", "longitude"), "status"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("published spaces"), ordering="space_count")
    def space_count(self, city: City) -> int:
        return city.space_count

    @admin.display(description=_("floor area (m²)"), ordering="floor_area")
    def floor_area(self, city: City) -> int:
        return city.floor_area

    @admin.display(description=_("resident makers"), ordering="resident_makers")
    def resident_makers(self, city: City) -> int:
        return city.resident_makers


# Networks


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "kind",
        "parent",
        "space_count",
        "city_count",
        "floor_area",
        "resident_makers",
        "updated_at",
    ]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_zh", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "slug", ("kind", "parent")]}),
        (_("About"), {"fields": ["description_en", "description_zh", ("website", "founded")]}),
    ]

    def get_queryset(self, request):
        # Totals include member networks and count published spaces only.
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("published spaces"), ordering="space_count")
    def space_count(self, network: Network) -> int:
        return network.space_count

    @admin.display(description=_("cities"), ordering="city_count")
    def city_count(self, network: Network) -> int:
        return network.city_count

    @admin.display(description=_("floor area (m²)"), ordering="floor_area")
    def floor_area(self, network: Network) -> int:
        return network.floor_area

    @admin.display(description=_("resident makers"), ordering="resident_makers")
    def resident_makers(self, network: Network) -> int:
        return network.resident_makers


# Vocabularies


class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "slug", "position", "space_count"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    fields = [("name_en", "name_zh"), "slug", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(space_count=Count("spaces"))

    @admin.display(description=_("spaces"), ordering="space_count")
    def space_count(self, term) -> int:
        return term.space_count


@admin.register(Service)
class ServiceAdmin(VocabularyAdmin):
    pass


@admin.register(Equipment)
class EquipmentAdmin(VocabularyAdmin):
    pass


# Spaces


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    fields = ["weekday", "opens", "closes"]
    extra = 0


class MembershipPlanInline(admin.StackedInline):
    model = MembershipPlan
    fields = [
        ("name_en", "name_zh"),
        ("price", "currency", "period"),
        "includes_en",
        "includes_zh",
        "position",
    ]
    extra = 0


class SpacePhotoInline(admin.TabularInline):
    model = SpacePhoto
    fields = ["preview", "image", "caption_en", "caption_zh", "position"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, photo: SpacePhoto) -> str:
        if not photo.image:
            return "–"
        return format_html('<img src="{}" alt="" style="max-height: 80px">', photo.image.url)


class SpaceLinkInline(admin.TabularInline):
    model = SpaceLink
    fields = ["kind", "url"]
    extra = 0


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "city",
        "kind",
        "status",
        "verified",
        "network_names",
        "floor_area",
        "resident_makers",
        "updated_at",
    ]
    list_select_related = ["city"]
    list_filter = ["status", "kind", "verified", "city", "networks", "services", "equipment"]
    search_fields = ["name_en", "name_zh", "slug", "address_en", "address_zh"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["city", "networks", "services", "equipment"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_en", "name_zh"),
                    "slug",
                    ("kind", "status", "verified"),
                    "city",
                    "networks",
                ]
            },
        ),
        (_("Location"), {"fields": [("address_en", "address_zh"), ("latitude", "longitude")]}),
        (_("Size"), {"fields": [("floor_area", "desks", "resident_makers")]}),
        (_("Description"), {"fields": ["description_en", "description_zh"]}),
        (_("Contact"), {"fields": [("website", "email", "phone"), "founded"]}),
        (_("What it offers"), {"fields": ["services", "equipment"]}),
    ]
    inlines = [OpeningHoursInline, MembershipPlanInline, SpacePhotoInline, SpaceLinkInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("networks")

    @admin.display(description=_("networks"))
    def network_names(self, space: Space) -> str:
        return ", ".join(str(network) for network in space.networks.all())


# Sync


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """The log partners sync deletions from: written by signals, never by hand."""

    list_display = ["model", "object_id", "slug", "deleted_at"]
    list_filter = ["model"]
    search_fields = ["slug", "model"]
    date_hierarchy = "deleted_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

"""The benchmark's naive reference: the spaces list as most projects write it first.

A DRF `ListAPIView` with nested `ModelSerializer`s (a space with its city, plans, services,
equipment and opening hours), no `select_related` or `prefetch_related`, and
`LimitOffsetPagination`: one query for the count, one for the page, then five more per space.
Only the benchmark serves it (maker2/bench/urls.py), at /bench/naive/spaces/?limit=100.
"""

from rest_framework import generics, pagination, serializers

from spaces.models import City, Equipment, MembershipPlan, OpeningHours, Service, Space


class NaiveCitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["id", "slug", "name_en", "name_zh"]


class NaivePlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = MembershipPlan
        fields = ["name_en", "name_zh", "period", "price", "currency", "includes_en", "includes_zh"]


class NaiveServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "slug", "name_en", "name_zh"]


class NaiveEquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = ["id", "slug", "name_en", "name_zh"]


class NaiveOpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]


class NaiveSpaceSerializer(serializers.ModelSerializer):
    city = NaiveCitySerializer(read_only=True)
    plans = NaivePlanSerializer(many=True, read_only=True)
    services = NaiveServiceSerializer(many=True, read_only=True)
    equipment = NaiveEquipmentSerializer(many=True, read_only=True)
    opening_hours = NaiveOpeningHoursSerializer(many=True, read_only=True)

    class Meta:
        model = Space
        fields = [
            "id",
            "slug",
            "name_en",
            "name_zh",
            "kind",
            "verified",
            "city",
            "address_en",
            "address_zh",
            "latitude",
            "longitude",
            "floor_area",
            "desks",
            "resident_makers",
            "description_en",
            "description_zh",
            "website",
            "founded",
            "services",
            "equipment",
            "plans",
            "opening_hours",
            "created_at",
            "updated_at",
        ]


class NaivePagination(pagination.LimitOffsetPagination):
    default_limit = 100


class NaiveSpaceList(generics.ListAPIView):
    queryset = Space.objects.filter(status=Space.Status.PUBLISHED).order_by("updated_at", "id")
    serializer_class = NaiveSpaceSerializer
    pagination_class = NaivePagination

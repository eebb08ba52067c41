"""Partner API views for places."""

from rest_framework import generics
from rest_framework.response import Response

from .filters import SpaceFilter
from .models import Space


class SpaceGeoJSONView(generics.GenericAPIView):
    """All published spaces that match the filters, as a GeoJSON FeatureCollection.

    Takes the same filters as the space list. Spaces without coordinates are left out.
    Each feature's properties carry what a map popup needs: name in both languages,
    kind and city; the site links a feature to its page by slug.
    """

    queryset = Space.objects.published().filter(latitude__isnull=False).select_related("city")
    filterset_class = SpaceFilter
    pagination_class = None

    def get(self, request, *args, **kwargs):
        spaces = self.filter_queryset(self.get_queryset())
        return Response(
            {
                "type": "FeatureCollection",
                "features": [self.feature(space) for space in spaces],
            },
            content_type="application/geo+json",
        )

    def feature(self, space: Space) -> dict:
        return {
            "type": "Feature",
            "id": space.pk,
            "geometry": {
                "type": "Point",
                "coordinates": [float(space.longitude), float(space.latitude)],
            },
            "properties": {
                "slug": space.slug,
                "name_en": space.name_en,
                "name_zh": space.name_zh,
                "kind": space.kind,
                "city": space.city.slug,
            },
        }

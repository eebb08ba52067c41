"""Form widgets of the spaces app: a place's location picked on a map, and the city select
that tells the map where to look.

Both are enhancements over plain inputs: without JavaScript the latitude and longitude stay
two number inputs that work as they are, on the site and in admin alike.
"""

from django import forms
from django.conf import settings
from django.templatetags.static import static


class LocationPickerWidget(forms.NumberInput):
    """The longitude input followed by a map (static/js/location-picker.js): clicking or
    dragging the pin fills in the latitude and longitude inputs, typing into them moves it.

    Put it on the longitude field; it finds its latitude input by the field name
    `latitude_name` in the same form (prefixes kept), and, when `city_name` is given, centres
    on the city chosen in that select (a `CitySelect`) until a pin is placed. `center`
    ("latitude,longitude") opens the map there when the inputs are empty.
    """

    template_name = "spaces/widgets/location_picker.html"

    def __init__(
        self,
        attrs=None,
        *,
        latitude_name: str = "latitude",
        city_name: str = "",
        center: str = "",
    ):
        super().__init__(attrs)
        self.latitude_name = latitude_name
        self.city_name = city_name
        self.center = center

    @property
    def media(self):
        return forms.Media(
            css={"all": ["vendor/leaflet/leaflet.css", "css/location-picker.css"]},
            js=[
                forms.Script("vendor/leaflet/leaflet.js", defer=True),
                forms.Script("js/gcj02.js", defer=True),
                forms.Script("js/location-picker.js", defer=True),
            ],
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        own_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["picker"] = {
            "id": f"{own_id}_picker",
            "latitude_id": self.partner_id(own_id, name, self.latitude_name),
            "longitude_id": own_id,
            "city_id": self.partner_id(own_id, name, self.city_name) if self.city_name else "",
            "center": self.center,
            "tile_url": settings.MAP_TILE_URL,
            "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
            "tile_coordinates": settings.MAP_TILE_COORDINATES,
            "icon_url": static("vendor/leaflet/images/marker-icon.png"),
            "icon_retina_url": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadow_url": static("vendor/leaflet/images/marker-shadow.png"),
        }
        return context

    @staticmethod
    def partner_id(own_id: str, own_name: str, partner_name: str) -> str:
        """The id of another field of the same form: `id_plans-0-longitude` → `id_plans-0-city`."""
        base_name = own_name.rsplit("-", 1)[-1]
        return own_id[: len(own_id) - len(base_name)] + partner_name


class CitySelect(forms.Select):
    """A select of cities whose options carry each city's point, for the location picker to
    centre on (`data-point="latitude,longitude"`)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        city = getattr(value, "instance", None)
        if city is not None and city.latitude is not None and city.longitude is not None:
            option["attrs"]["data-point"] = f"{city.latitude},{city.longitude}"
        return option

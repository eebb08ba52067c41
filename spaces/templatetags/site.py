"""Template filters and tags for the public site: numbers per language, names in two languages,
required marks on forms, and JSON-LD.

Chinese counts large numbers in 万 (10⁴) and 亿 (10⁸), so "4,000,000,000 yuan" reads
"40亿元"; English groups thousands and says million / billion ("¥4.0 billion").
"""

import json
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maker2.models import prefers_chinese

register = template.Library()

CHINESE_UNITS = ((Decimal(10**8), "亿"), (Decimal(10**4), "万"))
ENGLISH_UNITS = ((Decimal(10**9), "billion"), (Decimal(10**6), "million"))
# How an amount reads in each language: English puts a symbol before, Chinese a word after.
CURRENCIES = {"CNY": ("¥", "元"), "USD": ("US$", "美元")}
# What json_script escapes, so a name containing "</script>" cannot end the element early.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _trimmed(value: Decimal, places: int) -> str:
    """`value` rounded to `places` decimals without trailing zeros: 6.140 → "6.14", 40 → "40"."""
    text = f"{value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _grouped(value: Decimal) -> str:
    """English digits with thousands separators; cents only when there are some."""
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def chinese_number(value: Decimal) -> str:
    """150000 → "15万", 614000000 → "6.14亿", 2400 → "2400"."""
    for size, unit in CHINESE_UNITS:
        if abs(value) >= size:
            return f"{_trimmed(value / size, 2)}{unit}"
    return _trimmed(value, 2)


def english_amount(value: Decimal) -> str:
    """4000000000 → "4.0 billion", 614000000 → "614 million", 1200 → "1,200"."""
    for size, word in ENGLISH_UNITS:
        if abs(value) >= size:
            scaled = value / size
            return f"{scaled:,.{0 if abs(scaled) >= 100 else 1}f} {word}"
    return _grouped(value)


@register.filter
def money(value, currency: str = "CNY") -> str:
    """An amount in the page's language: "¥4.0 billion" / "40亿元", "US$614 million" / "6.14亿美元".

    Amounts under a million read in full in English ("¥1,200"), under 10,000 in Chinese.
    """
    amount = _decimal(value)
    if amount is None:
        return ""
    symbol, word = CURRENCIES.get(currency, (f"{currency} ", f" {currency}"))
    if prefers_chinese():
        return f"{chinese_number(amount)}{word}"
    return f"{symbol}{english_amount(amount)}"


@register.filter
def quantity(value) -> str:
    """A count or size: "150,000" in English, "15万" in Chinese."""
    number = _decimal(value)
    if number is None:
        return ""
    return chinese_number(number) if prefers_chinese() else _grouped(number)


@register.filter
def area(value) -> str:
    """Floor area: "150,000 m²" / "15万平方米"."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{chinese_number(number)}平方米" if prefers_chinese() else f"{_grouped(number)} m²"


@register.filter
def json_ld(data) -> str:
    """A <script type="application/ld+json"> element, escaped like json_script."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def other_name(shown: str, latin: str, chinese: str) -> str:
    """The name a page does not show: the Chinese one beside the Latin one, and back; "" unless
    there are two different names."""
    if not (latin and chinese) or latin == chinese:
        return ""
    return chinese if shown == latin else latin


@register.inclusion_tag("includes/_other_language_name.html")
def other_language_name(shown: str, latin: str, chinese: str, *, latin_lang: str = "en") -> dict:
    """The other name under a page's heading, marked with its language (a maker's own Latin
    name may be in any, so theirs passes latin_lang="")."""
    name = other_name(shown, latin, chinese)
    return {"name": name, "lang": "zh-Hans" if name == chinese else latin_lang}


@register.simple_tag
def required_mark(field) -> str:
    """The red asterisk after a required field's label (includes/_field.html). Screen readers
    hear the control's `required` instead; a formset's extra forms, which may stay blank
    (empty_permitted), have none."""
    if field.field.required and not field.form.empty_permitted:
        return mark_safe('<span class="form__required" aria-hidden="true">*</span>')
    return ""


@register.simple_tag
def both_languages(latin: str, chinese: str) -> str:
    """Both versions of a bilingual text, for editors and submitters: "Fab Lab · 微观装配实验室"."""
    return " · ".join(text for text in (latin, chinese) if text)


def _absolute(context, url: str) -> str:
    return context["request"].build_absolute_uri(url)


def _drop_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


@register.simple_tag(takes_context=True)
def space_json_ld(context, space) -> str:
    """schema.org LocalBusiness for a space: address, geo point, hours, photos, operators."""
    hours = []
    for period in space.opening_hours.all():
        closes = "23:59" if period.around_the_clock else f"{period.closes:%H:%M}"
        hours.append(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[period.weekday]}",
                "opens": f"{period.opens:%H:%M}",
                "closes": closes,
            }
        )
    geo = None
    if space.latitude is not None:
        geo = {
            "@type": "GeoCoordinates",
            "latitude": float(space.latitude),
            "longitude": float(space.longitude),
        }
    address = _drop_empty(
        {
            "@type": "PostalAddress",
            "streetAddress": space.address,
            "addressLocality": space.city.name,
            "addressRegion": space.city.province,
            "addressCountry": space.city.country,
        }
    )
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "@id": _absolute(context, space.get_absolute_url()) + "#place",
        "name": space.name,
        "alternateName": other_name(space.name, space.name_en, space.name_zh),
        "url": _absolute(context, space.get_absolute_url()),
        "description": space.description,
        "address": address,
        "geo": geo,
        "openingHoursSpecification": hours,
        "image": [_absolute(context, photo.image.url) for photo in space.photos.all()],
        "telephone": space.phone,
        "email": space.email,
        "foundingDate": space.founded.isoformat() if space.founded else None,
        "sameAs": list(filter(None, [space.website, *(link.url for link in space.links.all())])),
        "parentOrganization": [
            {
                "@type": "Organization",
                "name": network.name,
                "url": _absolute(context, network.get_absolute_url()),
            }
            for network in space.networks.all()
        ],
    }
    return json_ld(_drop_empty(data))


@register.simple_tag(takes_context=True)
def network_json_ld(context, network, members=()) -> str:
    """schema.org Organization for a network, with the networks above and below it."""
    parent = network.parent
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": network.name,
        "alternateName": other_name(network.name, network.name_en, network.name_zh),
        "url": _absolute(context, network.get_absolute_url()),
        "description": network.description,
        "foundingDate": network.founded.isoformat() if network.founded else None,
        "sameAs": [network.website] if network.website else [],
        "parentOrganization": (
            {
                "@type": "Organization",
                "name": parent.name,
                "url": _absolute(context, parent.get_absolute_url()),
            }
            if parent
            else None
        ),
        "subOrganization": [
            {
                "@type": "Organization",
                "name": member.name,
                "url": _absolute(context, member.get_absolute_url()),
            }
            for member in members
        ],
    }
    return json_ld(_drop_empty(data))


@register.simple_tag(takes_context=True)
def person_json_ld(context, maker) -> str:
    """schema.org Person, only for a public profile: members-only people stay out of indexes."""
    if maker.visibility != maker.Visibility.PUBLIC:
        return ""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": maker.name,
        "alternateName": other_name(maker.name, maker.display_name, maker.display_name_zh),
        "url": _absolute(context, maker.get_absolute_url()),
        "description": maker.bio,
        "knowsAbout": maker.skill_labels,
        "homeLocation": {"@type": "City", "name": maker.city.name} if maker.city else None,
        "sameAs": [link.url for link in maker.links.all()],
    }
    return json_ld(_drop_empty(data))


@register.simple_tag(takes_context=True)
def website_json_ld(context, search_url: str) -> str:
    """schema.org WebSite with its search box, for the home page."""
    data = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": "Maker2",
        "url": _absolute(context, "/"),
        "potentialAction": {
            "@type": "SearchAction",
            "target": _absolute(context, search_url) + "?q={search_term_string}",
            "query-input": "required name=search_term_string",
        },
    }
    return json_ld(data)


@register.filter
def elided_range(page) -> list:
    """Page numbers around `page` with ellipses: 1 2 … 7 8 9 … 19 20."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def absolute(context, url: str) -> str:
    """The URL with the site's scheme and host, for OpenGraph and JSON-LD."""
    return _absolute(context, url)

"""Numbers as each language writes them: 万 and 亿 in Chinese, million and billion in English."""

from decimal import Decimal

import pytest
from django.utils import translation

from spaces.templatetags.site import area, json_ld, money, quantity


@pytest.mark.parametrize(
    ("amount", "currency", "english", "chinese"),
    [
        (Decimal("4000000000"), "CNY", "¥4.0 billion", "40亿元"),
        (Decimal("614000000"), "USD", "US$614 million", "6.14亿美元"),
        (Decimal("46000000"), "CNY", "¥46.0 million", "4600万元"),
        (Decimal("1200"), "CNY", "¥1,200", "1200元"),
        (Decimal("30000"), "CNY", "¥30,000", "3万元"),
        (Decimal("15.50"), "CNY", "¥15.50", "15.5元"),
        (Decimal("0"), "CNY", "¥0", "0元"),
        (Decimal("2500000"), "HKD", "HKD 2.5 million", "250万 HKD"),
    ],
)
def test_money_in_each_language(amount, currency, english, chinese):
    with translation.override("en"):
        assert money(amount, currency) == english
    with translation.override("zh-hans"):
        assert money(amount, currency) == chinese


def test_numbers_and_areas_in_each_language():
    with translation.override("en"):
        assert (quantity(2400), area(150000)) == ("2,400", "150,000 m²")
    with translation.override("zh-hans"):
        assert (quantity(2400), area(150000)) == ("2400", "15万平方米")


def test_missing_values_print_nothing():
    assert money(None) == quantity(None) == area("") == ""


def test_json_ld_escapes_what_could_close_the_script():
    html = json_ld({"name": "</script><b>&"})

    assert "</script><b>" not in html
    assert html.startswith('<script type="application/ld+json">')
    assert "\\u003C/script\\u003E\\u003Cb\\u003E\\u0026" in html

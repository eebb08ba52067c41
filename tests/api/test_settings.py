import pytest
from django.core.exceptions import ImproperlyConfigured

from maker2.settings import cache_from_url, env_rate


def test_rates_must_look_like_drf_rates(monkeypatch):
    monkeypatch.setenv("API_PARTNER_RATE", "500/hour")
    assert env_rate("API_PARTNER_RATE", "1/s") == "500/hour"

    for bad in ("500", "500/fortnight", "0/min", "lots/min"):
        monkeypatch.setenv("API_PARTNER_RATE", bad)
        with pytest.raises(ImproperlyConfigured, match="API_PARTNER_RATE"):
            env_rate("API_PARTNER_RATE", "1/s")


def test_the_cache_is_local_memory_unless_a_redis_url_is_given():
    assert cache_from_url("")["BACKEND"].endswith("LocMemCache")
    redis = cache_from_url("redis://127.0.0.1:6379/1")
    assert redis["BACKEND"] == "django_redis.cache.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert redis["OPTIONS"]["IGNORE_EXCEPTIONS"] is True  # tests/test_cache_outage.py
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1:11211")

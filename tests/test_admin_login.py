"""The admin sign-in locks out after repeated wrong passwords (maker2/admin_login.py)."""

import io
import logging
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import UserFactory

LOGIN = "/admin/login/"
PASSWORD = "the-right-password"


@pytest.fixture
def staff(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True, password=PASSWORD)


def sign_in(client, username: str, password: str, **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_after_five_wrong_ones_is_refused(client, staff):
    for _ in range(4):
        assert sign_in(client, "root", "wrong").status_code == 200  # the form, with its error
    response = sign_in(client, "root", "wrong")
    assert response.status_code == 429

    response = sign_in(client, "root", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(client)
    assertContains(response, "Too many sign-in attempts", status_code=429)
    assertContains(response, "Try again in 30 minutes", status_code=429)
    assertContains(response, 'class="site-header"', status_code=429)  # the site's frame
    assert response["Retry-After"] == str(30 * 60)


def test_fewer_failures_than_the_limit_still_let_the_right_password_in(client, staff):
    for _ in range(4):
        sign_in(client, "root", "wrong")

    response = sign_in(client, "root", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_the_limit_and_the_wait_are_settings(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.ADMIN_LOGIN_COOLOFF_MINUTES = 1
    sign_in(client, "root", "wrong")
    response = sign_in(client, "root", "wrong")

    assertContains(response, "Try again in 1 minute;", status_code=429)
    assert response["Retry-After"] == "60"


def test_one_address_trying_many_accounts_is_locked_out(client, staff):
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong")

    assert sign_in(client, "root", PASSWORD).status_code == 429
    assert not signed_in(client)


def test_many_addresses_trying_one_account_lock_it(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        sign_in(client, "root", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    response = sign_in(client, "root", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 429
    assert not signed_in(client)


def test_behind_a_proxy_other_addresses_are_not_locked_out_with_one(client, staff, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert sign_in(client, "root", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    response = sign_in(client, "root", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302
    assert AccessAttempt.objects.get(username="guess0").ip_address == "203.0.113.9"


def test_a_forged_forwarded_for_does_not_escape_the_lock_out_without_a_proxy(client, staff):
    # TRUSTED_PROXY_COUNT is 0: X-Forwarded-For is the client's own say, and ignored.
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")

    response = sign_in(client, "root", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_the_account_is_counted_whatever_its_case(client, staff):
    for username in ("root", "Root", "ROOT", " root", "rOOt"):
        sign_in(client, username, "wrong")

    assert sign_in(client, "root", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_the_lock_out_ends_after_the_cool_off(client, staff):
    for _ in range(5):
        sign_in(client, "root", "wrong")
    last_failure = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=last_failure - timedelta(minutes=31))

    response = sign_in(client, "root", PASSWORD)

    assert response.status_code == 302
    assert signed_in(client)


def test_staff_lift_it_with_axes_reset(client, staff):
    for _ in range(5):
        sign_in(client, "root", "wrong")

    call_command("axes_reset_username", "root", stdout=io.StringIO())

    assert sign_in(client, "root", PASSWORD).status_code == 302


def test_staff_lift_it_in_the_admin(client, staff):
    for _ in range(5):
        sign_in(client, "root", "wrong")
    attempt = AccessAttempt.objects.get()
    colleague = Client()
    colleague.force_login(UserFactory(username="other", is_staff=True, is_superuser=True))

    response = colleague.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert sign_in(client, "root", PASSWORD).status_code == 302


def test_failures_and_the_lock_out_are_logged_with_account_and_address(client, staff, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(5):
            sign_in(client, "root", "wrong")

    messages = [record.getMessage() for record in caplog.records]
    locking = [message for message in messages if "Locking out" in message]
    assert len(locking) == 1
    assert 'username: "root"' in locking[0] and 'ip_address: "127.0.0.1"' in locking[0]
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert "wrong" not in AccessAttempt.objects.get().post_data  # the password is masked


def test_the_locked_out_page_is_in_chinese(client, staff):
    for _ in range(5):
        sign_in(client, "root", "wrong")

    response = sign_in(client, "root", PASSWORD, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assertContains(response, "登录尝试次数过多", status_code=429)
    assertContains(response, "30 分钟", status_code=429)


def test_makers_failed_sign_ins_on_the_site_do_not_count(client, staff):
    UserFactory(username="ada", email="ada@example.com")
    for _ in range(8):
        client.post(reverse("account_login"), {"login": "ada@example.com", "password": "wrong"})

    assert not AccessAttempt.objects.exists()
    assert sign_in(client, "root", PASSWORD).status_code == 302


def test_the_site_sign_in_works_while_the_admin_one_is_locked(client, staff):
    from allauth.account.models import EmailAddress

    ada = UserFactory(username="ada", email="ada@example.com", password=PASSWORD)
    EmailAddress.objects.create(user=ada, email=ada.email, verified=True, primary=True)
    for number in range(5):
        sign_in(client, f"guess{number}", "wrong")

    response = client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert signed_in(client)


def test_the_demo_superuser_signs_in_and_its_command_lifts_a_lock_out(client, settings, db):
    settings.DEBUG = True
    call_command("ensure_demo_superuser", stdout=io.StringIO())
    for _ in range(5):
        sign_in(client, "admin", "wrong")
    assert sign_in(client, "admin", "admin").status_code == 429

    call_command("ensure_demo_superuser", stdout=io.StringIO())

    assert sign_in(client, "admin", "admin").status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("proxies", [0, 1, 2])
def test_the_address_counted_is_the_rate_limits_and_the_apis(rf, settings, proxies):
    from axes.helpers import get_client_ip_address

    from maker2.api_access import AnonymousThrottle
    from maker2.ratelimit import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    request = rf.post(
        LOGIN, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5, 192.0.2.8", REMOTE_ADDR="10.0.0.2"
    )

    address = get_client_ip_address(request)

    assert address == client_ip(request) == AnonymousThrottle().get_ident(request)
    assert address == ["10.0.0.2", "192.0.2.8", "203.0.113.5"][proxies]


def test_the_demo_superuser_signs_in_on_the_site_with_its_verified_demo_address(
    client, settings, db
):
    settings.DEBUG = True
    call_command("ensure_demo_superuser", stdout=io.StringIO())
    call_command("ensure_demo_superuser", stdout=io.StringIO())  # a reset keeps one address

    response = client.post(
        reverse("account_login"), {"login": "admin@example.com", "password": "admin"}
    )

    assert response.status_code == 302
    assert response.headers["Location"] != reverse("account_email_verification_sent")
    assert signed_in(client)
    assert EmailAddress.objects.get(email="admin@example.com").verified

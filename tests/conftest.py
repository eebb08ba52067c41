from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

# Tests speak plain http (Django's test client, the browser tests' live server, schemathesis's
# WSGI client), so production's redirect to https is off for the whole run, set before any
# of them is built, as for a site behind a proxy that redirects itself. The default, on, is
# checked in tests/test_security.py in a process that loads the settings as production does.
django_settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The suite runs with a read replica as DATABASE_REPLICA_URL configures one (unless it is
    set): a test mirror of the test database, so that the router (maker2/routers.py) is in
    play in every test that commits, and tests/test_replicas.py sees which alias served what."""
    from django.db import connections

    if "replica" not in connections.settings:
        primary = connections["default"].settings_dict
        connections.settings["replica"] = {
            **primary,
            "TEST": {**primary["TEST"], "MIRROR": "default"},
        }


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_blocker) -> bool:
    """Whether the test database is built afresh: with --create-db, and also when --reuse-db
    would keep one that a flush has emptied. Tests that commit end with a flush, which deletes
    what data migrations wrote too (the editors' groups, members/migrations/0009), and
    pytest-django runs them last: after a run that had any, a kept database lacks those rows."""
    if request.config.getvalue("create_db"):
        return True
    if not request.config.getvalue("reuse_db"):
        return False
    from django.db import DatabaseError, connections

    default = connections["default"]
    kept = default.__class__(
        {**default.settings_dict, "NAME": default.creation._get_test_db_name()}
    )
    try:
        with django_db_blocker.unblock(), kept.cursor() as cursor:
            cursor.execute("SELECT NOT EXISTS (SELECT FROM auth_group)")
            return cursor.fetchone()[0]
    except DatabaseError:  # no such database or no tables yet: it is built either way
        return False
    finally:
        kept.close()


def pytest_collection_modifyitems(items):
    """Tests that commit (transactional_db, a live server) may use every alias, the replica
    included. (The others run in a transaction on the primary, which the router keeps all
    their reads on.)"""
    for item in items:
        if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
            marker = item.get_closest_marker("django_db")
            options = dict(marker.kwargs) if marker else {}
            if options.get("databases") is None:
                options.update(transaction=True, databases="__all__")
                item.add_marker(pytest.mark.django_db(**options), append=False)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files land in a throwaway folder, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits, API throttles and allauth's sign-in limits count in the cache, which
    outlives a test: each test starts with nothing counted."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request to a Chinese page leaves Chinese active in the thread (LocaleMiddleware
    activates it and nothing resets it): each test starts in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    """Pages link static files; tests run without the manifest that collectstatic writes."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Production's storage of static files (maker2/settings.py with DEBUG off).
MANIFEST_STATIC_FILES = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """A STATIC_ROOT as production's collectstatic builds it (hashed names, gzip and Brotli
    copies, the manifest), built once for the tests that read it: about twenty seconds."""
    root = tmp_path_factory.mktemp("static-root")
    storages = {
        **django_settings.STORAGES,
        "staticfiles": MANIFEST_STATIC_FILES,
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def manifest_static_files(settings, collected_static) -> Path:
    """Static files served as in production: from `collected_static`, through the manifest."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": MANIFEST_STATIC_FILES,
    }
    return collected_static


@pytest.fixture
def editor(db):
    """A staff editor: in the Editors group the migrations create, not a superuser."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def admin_form_data():
    """What a browser posts back for an admin change page as it was shown: the form and its
    inlines, each field with its shown value."""
    from django.db.models.fields.files import FieldFile

    def form_data(response) -> dict:
        forms = [response.context["adminform"].form]
        for inline in response.context.get("inline_admin_formsets", []):
            forms += [inline.formset.management_form, *inline.formset.forms]
        data = {}
        for form in forms:
            for field in form:
                value = field.value()
                if value is None or value is False or isinstance(value, FieldFile):
                    continue
                if value is True:
                    data[field.html_name] = "on"
                elif isinstance(value, list | tuple):
                    data[field.html_name] = [str(item) for item in value]
                else:
                    shown = field.field.widget.format_value(value)
                    data[field.html_name] = "" if shown is None else shown
        return data

    return form_data


@pytest.fixture
def fresh_totals(db):
    """Call it to bring the rollup tables up to date, so that a test counts the queries of a
    read as most requests make it. (The first read after a change recomputes them first, in a
    fixed number of queries of its own: tests/test_rollups.py.)"""
    from members.models import FundingTotals, MakerTotals
    from spaces.models import PlaceTotals

    def bring_up_to_date() -> None:
        for rollup in (PlaceTotals, FundingTotals, MakerTotals):
            rollup.objects.fresh()

    return bring_up_to_date


@pytest.fixture(autouse=True)
def _tasks_run_eagerly():
    """Tasks run in the test's process and transaction; tests/test_worker.py runs them
    through a real worker instead."""
    from maker2.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def frozen_now(monkeypatch):
    """Stops the clock: after `frozen_now(moment)` (an aware datetime),
    django.utils.timezone.now() returns `moment` until the test ends or sets the clock again.
    For what depends on the hour, such as "open now"."""

    def freeze(moment: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return freeze

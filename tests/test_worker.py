"""A real `celery -A maker2 worker` against the test database and a Redis database of this
run's own: it sends mail to an SMTP server started here, draws photo renditions, retries a
refused message and logs giving up. Tasks are enqueued as the site enqueues them, from a
separate Django process (`manage.py shell`), and so is the fallback when Redis is down."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope
from django.db import connection
from PIL import Image

from spaces.models import SpacePhoto
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
REDIS = "redis://127.0.0.1:6379"
CLAIM = "maker2:test-worker"


class Inbox:
    """An SMTP server's handler: keeps what it accepts, refuses recipients named refused@."""

    def __init__(self) -> None:
        self.messages: list[Envelope] = []
        self.refused: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("refused@"):
            self.refused.append(address)
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 Message accepted"


@pytest.fixture(scope="module")
def smtp():
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (the controller cannot be given 0)
        probe.bind(("127.0.0.1", 0))
        inbox.port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture(scope="module")
def broker_url():
    """A Redis database nobody uses, claimed for this run and emptied afterwards, so that
    workers of other runs on this machine never take these tasks."""
    for number in range(15, 1, -1):
        client = redis.Redis.from_url(f"{REDIS}/{number}")
        if client.dbsize() == 0 and client.set(CLAIM, str(uuid.uuid4()), nx=True, ex=600):
            break
    else:
        pytest.skip("no free Redis database for a private broker")
    yield f"{REDIS}/{number}"
    client.flushdb()


def database_url() -> str:
    db = connection.settings_dict
    login = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    server = (db["HOST"] or "") + (f":{db['PORT']}" if db["PORT"] else "")
    return f"postgres://{login + '@' if login else ''}{server}/{db['NAME']}"


@pytest.fixture(scope="module")
def site_env(django_db_setup, django_db_blocker, smtp, broker_url, tmp_path_factory):
    """What the worker and the site's processes are started with: the test database, the
    private broker, this SMTP server, a media folder, and quick retries."""
    with django_db_blocker.unblock():
        url = database_url()
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maker2.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "x"),
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "MEDIA_ROOT": str(tmp_path_factory.mktemp("media")),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_USE_TLS": "0",
        "MAIL_MAX_RETRIES": "2",
        "MAIL_RETRY_BACKOFF": "1",
    }


@pytest.fixture(scope="module")
def worker(site_env, tmp_path_factory):
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    command = [
        sys.executable, "-m", "celery", "-A", "maker2", "worker", "--pool=solo",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=site_env, stdout=output, stderr=subprocess.STDOUT
        )
    process.log = log
    wait_for(lambda: "ready." in log.read_text(), "the worker to start", timeout=30)
    yield process
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def media(settings, site_env):
    settings.MEDIA_ROOT = site_env["MEDIA_ROOT"]


def wait_for(condition, what: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def run_in_site(site_env, code: str, **env) -> subprocess.CompletedProcess:
    """Python run as the site runs, in its own process (as a request would enqueue)."""
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**site_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_the_worker_sends_the_mail_of_a_tour_request(worker, site_env, smtp):
    space = SpaceFactory(email="space@example.com")
    sent = len(smtp.messages)

    run_in_site(
        site_env,
        "from datetime import date\n"
        "from spaces.models import Space\n"
        "from spaces.services import request_tour\n"
        f"request_tour(space=Space.objects.get(pk={space.pk}), kind='tour', name='Ada',"
        " email='ada@example.com', date=date(2030, 1, 1))",
    )

    wait_for(lambda: len(smtp.messages) == sent + 2, "both mails")
    recipients = sorted(message.rcpt_tos[0] for message in smtp.messages[sent:])
    assert recipients == ["ada@example.com", "space@example.com"]
    assert worker.log.read_text().count("Task maker2.tasks.send_email[") >= 2  # succeeded


def test_the_worker_draws_the_renditions_of_an_uploaded_photo(worker, site_env, media):
    space = SpaceFactory()

    run_in_site(
        site_env,
        "from io import BytesIO\n"
        "from PIL import Image\n"
        "from django.core.files.base import ContentFile\n"
        "from spaces.models import SpacePhoto\n"
        "data = BytesIO(); Image.new('RGB', (1600, 1000), 'orange').save(data, 'JPEG')\n"
        f"SpacePhoto.objects.create(space_id={space.pk},"
        " image=ContentFile(data.getvalue(), name='p.jpg'))",
    )

    photo = SpacePhoto.objects.get(space=space)
    wait_for(lambda: SpacePhoto.objects.get(pk=photo.pk).large, "the renditions")
    photo.refresh_from_db()
    assert Image.open(photo.thumbnail.path).size == (400, 250)
    assert Image.open(photo.large.path).size == (1200, 750)


def test_refused_mail_is_retried_and_giving_up_is_logged(worker, site_env, smtp):
    run_in_site(
        site_env,
        "from django.core.mail import EmailMessage\n"
        "from maker2.tasks import send_message\n"
        "send_message(EmailMessage('Your tour', 'Hello', to=['refused@example.com']))",
    )

    wait_for(lambda: "Gave up on mail" in worker.log.read_text(), "the failure", timeout=20)
    log = worker.log.read_text()
    assert log.count("Retrying mail 'Your tour' to refused@example.com") == 2
    assert "Gave up on mail 'Your tour' to refused@example.com after 3 attempts" in log
    assert smtp.refused.count("refused@example.com") == 3


def test_with_the_broker_down_the_mail_is_sent_from_the_process_itself(site_env, smtp):
    sent = len(smtp.messages)
    started = time.monotonic()

    run = run_in_site(
        site_env,
        "import time\n"
        "from django.core.mail import EmailMessage\n"
        "from maker2.tasks import send_message\n"
        "started = time.monotonic()\n"
        "send_message(EmailMessage('Welcome', 'Hello', to=['grace@example.com']))\n"
        "print('took', time.monotonic() - started)",
        CELERY_BROKER_URL="redis://127.0.0.1:9/0",  # the discard port: nothing listens
    )

    assert len(smtp.messages) == sent + 1
    assert smtp.messages[-1].rcpt_tos == ["grace@example.com"]
    assert "Broker unreachable" in run.stderr and "running maker2.tasks.send_email" in run.stderr
    assert float(run.stdout.split("took")[-1]) < 2  # the request is not held up
    assert time.monotonic() - started < 30

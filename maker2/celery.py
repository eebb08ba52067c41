"""The Celery application: mail, photo renditions, large imports and periodic jobs run in
workers (`celery -A maker2 worker --beat`), off the request. Tasks live in `tasks.py`
modules (maker2's, each app's), except the renditions', which sit with the image code in
spaces/images.py; settings are the `CELERY_…` ones in maker2/settings.py."""

import os

from celery import Celery

import maker2.logs  # noqa: F401  (the request id travels with each task: its Celery signals)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maker2.settings")

app = Celery("maker2")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

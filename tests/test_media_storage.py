"""Photos in an S3-compatible bucket when MEDIA_STORAGE=s3 (maker2.settings.media_storage),
tried against a real S3 HTTP endpoint: moto's server on a loopback port."""

import io
import json
import socket
import urllib.request
import uuid

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto.server import ThreadedMotoServer
from PIL import Image

from maker2.settings import media_storage
from spaces.images import PHOTO_RENDITIONS
from spaces.models import SpacePhoto
from tests.factories import SpaceFactory, SpacePhotoFactory, jpeg_upload

KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, settings):
    """A bucket of this test's own, and the settings MEDIA_STORAGE=s3 makes for it."""
    name = f"maker2-media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=name)
    # Photos are public: anyone may read them, as the README has the bucket set up.
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read(name)))
    for variable, value in {
        **KEYS,
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
    }.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
    yield client, name
    objects = client.list_objects_v2(Bucket=name).get("Contents", [])
    for stored in objects:
        client.delete_object(Bucket=name, Key=stored["Key"])
    client.delete_bucket(Bucket=name)


def public_read(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/*",
            }
        ],
    }


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_a_photo_and_its_copies_go_to_the_bucket_and_come_back_over_http(db, bucket):
    client, name = bucket

    photo = SpacePhotoFactory(space=SpaceFactory(), image=jpeg_upload(size=(1300, 900)))

    photo = SpacePhoto.objects.get(pk=photo.pk)
    stored = {item["Key"] for item in client.list_objects_v2(Bucket=name)["Contents"]}
    copies = {name: getattr(photo, name) for name in PHOTO_RENDITIONS}
    assert stored == {photo.image.name, *(copy.name for copy in copies.values())}
    assert photo.image.name.startswith("spaces/photos/")
    sizes = [(photo.image, 1300)]
    sizes += [
        (copy, 400 if name.startswith("thumbnail") else 1200) for name, copy in copies.items()
    ]
    for field, width in sizes:
        url = field.url
        assert url.startswith(f"{client.meta.endpoint_url}/{name}/")
        assert "Signature" not in url and "X-Amz" not in url  # public: plain URLs
        body = fetch(url)
        assert body == client.get_object(Bucket=name, Key=field.name)["Body"].read()
        assert Image.open(io.BytesIO(body)).width == width


def test_deleting_a_photo_deletes_its_files_from_the_bucket(
    db, bucket, django_capture_on_commit_callbacks
):
    client, name = bucket
    photo = SpacePhotoFactory(space=SpaceFactory())

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert client.list_objects_v2(Bucket=name).get("Contents", []) == []


def test_the_disk_stays_the_default(monkeypatch):
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)

    assert media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_name_alone_means_s3_with_a_custom_domain_if_given(monkeypatch):
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "photos")
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.com")

    storage = media_storage()

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "photos"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.com"
    assert storage["OPTIONS"]["querystring_auth"] is False


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be local or s3"),
        ({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": ""}, "needs AWS_STORAGE_BUCKET_NAME"),
    ],
)
def test_a_storage_setting_that_cannot_work_is_refused(monkeypatch, environment, message):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)

    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage()


def test_photos_in_the_bucket_are_cached_for_a_year(db, bucket):
    client, name = bucket

    photo = SpacePhotoFactory(space=SpaceFactory())

    photo = SpacePhoto.objects.get(pk=photo.pk)
    for field in (photo.image, photo.thumbnail, photo.large):
        stored = client.head_object(Bucket=name, Key=field.name)
        assert stored["CacheControl"] == "public, max-age=31536000, immutable"
        with urllib.request.urlopen(field.url, timeout=10) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"

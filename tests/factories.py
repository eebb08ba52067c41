"""One factory per model, each with the fewest fields that make a valid row."""

from datetime import date, time
from decimal import Decimal
from io import BytesIO

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django_cleanup.cache import make_cleanup_cache
from PIL import Image

from members.models import (
    ApiKey,
    FundingRound,
    JoinRequest,
    Maker,
    MakerLink,
    ManagementGrant,
    Membership,
    Project,
)
from spaces.images import make_renditions
from spaces.models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    OpeningHours,
    Review,
    Service,
    Space,
    SpaceLink,
    SpacePhoto,
    Submission,
    Tombstone,
    TourRequest,
)


def jpeg_upload(name: str = "photo.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    """A real JPEG made by Pillow."""
    buffer = BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def renditions_made(field_name: str):
    """A post-generation hook: the row as a worker leaves it once the upload is committed,
    its renditions made (tests run in a transaction that never commits). `renditions=False`
    leaves it as the upload's request left it."""

    def hook(instance, create, extracted, **kwargs):
        image = getattr(instance, field_name)
        if create and image and extracted is not False:
            make_renditions(instance._meta.label, instance.pk, field_name, image.name)
            renditions = instance._meta.get_field(field_name).renditions
            instance.refresh_from_db(fields=list(renditions))
            make_cleanup_cache(instance)  # as if loaded now: replacing it deletes the copies

    return factory.PostGeneration(hook)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("password")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name_en = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = "CN"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name_en = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name_en = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment

    name_en = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.Sequence(lambda n: f"tool-{n}")


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    name_en = factory.Sequence(lambda n: f"Space {n}")
    slug = factory.Sequence(lambda n: f"space-{n}")
    kind = Space.Kind.MAKERSPACE
    status = Space.Status.PUBLISHED
    city = factory.SubFactory(CityFactory)


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpeningHours

    space = factory.SubFactory(SpaceFactory)
    weekday = 0
    opens = time(9)
    closes = time(18)


class MembershipPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipPlan

    space = factory.SubFactory(SpaceFactory)
    name_en = "Hot desk"
    price = Decimal("1200.00")


class SpacePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpacePhoto
        skip_postgeneration_save = True

    space = factory.SubFactory(SpaceFactory)
    image = factory.LazyFunction(jpeg_upload)
    renditions = renditions_made("image")


class SpaceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceLink

    space = factory.SubFactory(SpaceFactory)
    kind = "weibo"
    url = factory.Sequence(lambda n: f"https://weibo.com/space{n}")


class MakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Maker
        skip_postgeneration_save = True

    display_name = factory.Sequence(lambda n: f"Maker {n}")
    slug = factory.Sequence(lambda n: f"maker-{n}")
    renditions = renditions_made("avatar")


class MakerLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MakerLink

    maker = factory.SubFactory(MakerFactory)
    kind = "github"
    url = factory.Sequence(lambda n: f"https://github.com/maker{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    maker = factory.SubFactory(MakerFactory)
    space = factory.SubFactory(SpaceFactory)


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name_en = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")


class FundingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingRound

    project = factory.SubFactory(ProjectFactory)
    announced_on = date(2016, 1, 1)
    stage = FundingRound.Stage.SEED
    amount = Decimal("1000000.00")
    usd_rate = Decimal("0.1535")


class TombstoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tombstone

    model = "spaces.space"
    object_id = factory.Sequence(lambda n: n + 1)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    maker = factory.SubFactory(MakerFactory)
    space = factory.SubFactory(SpaceFactory)


class TourRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TourRequest

    space = factory.SubFactory(SpaceFactory)
    name = "Visitor"
    email = factory.Sequence(lambda n: f"visitor{n}@example.com")
    date = date(2030, 1, 1)


class ApiKeyFactory(factory.django.DjangoModelFactory):
    """An issued key; the full key, shown once in real life, is kept on `.plaintext`."""

    class Meta:
        model = ApiKey

    name = factory.Sequence(lambda n: f"Partner {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        key = model_class(*args, **kwargs)
        key.plaintext = key.issue()
        return key


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    space = factory.SubFactory(SpaceFactory, status=Space.Status.PENDING)
    name = "Submitter"
    email = factory.Sequence(lambda n: f"submitter{n}@example.com")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    space = factory.SubFactory(SpaceFactory)
    decision = Review.Decision.APPROVED


class ManagementGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementGrant

    user = factory.SubFactory(UserFactory)
    space = factory.SubFactory(SpaceFactory)

"""Create or reset the `admin`/`admin` superuser that `make run` signs in with.

The password is public, so the command refuses to run unless DEBUG is on. Resetting also
lifts an admin sign-in lock-out of the account (django-axes), so `make run` always lets
the developer in. Its e-mail address is recorded as verified, so the same account signs in
on the public site (which asks for an e-mail address) without a confirmation mail first.
"""

from allauth.account.models import EmailAddress
from axes.utils import reset as reset_lock_outs
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD = "admin"
EMAIL = "admin@example.com"


class Command(BaseCommand):
    help = "Create or reset the local-only superuser admin (password admin); DEBUG only."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create the admin/admin superuser because DEBUG is off: "
                "it is only for local development."
            )
        user_model = get_user_model()
        user, created = user_model._default_manager.get_or_create(
            **{user_model.USERNAME_FIELD: USERNAME}
        )
        setattr(user, user_model.get_email_field_name(), EMAIL)
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(PASSWORD)
        user.save()
        EmailAddress.objects.filter(email__iexact=EMAIL).exclude(user=user).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=EMAIL, defaults={"verified": True, "primary": True}
        )
        reset_lock_outs(username=USERNAME)
        action = "Created" if created else "Reset"
        self.stdout.write(
            f"{action} superuser {USERNAME!r} ({EMAIL} on the site) with password {PASSWORD!r}."
        )

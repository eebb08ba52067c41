"""allauth's account mail (address confirmation, password reset) sent like the site's own."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from maker2.tasks import send_message


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the message here, in the request's language, as allauth does; a worker
        sends it after the transaction commits (maker2/tasks.py)."""
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        send_message(self.render_mail(template_prefix, email, context))

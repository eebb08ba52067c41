"""Emails written as templates: `<name>_subject.txt` (its white space folded into one
line) and `<name>_message.txt`.

Messages are rendered where they are asked for (in the request's language, with its
objects) and sent by a worker once the transaction commits (maker2/tasks.py): a slow or
down mail server never holds up a page, and its failures are retried and logged.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from maker2.tasks import send_message


def send_templated_email(
    *,
    template: str,
    context: dict,
    to: list[str],
    language: str = "",
    reply_to: list[str] | None = None,
) -> None:
    """Render `template` in `language` (the active one when empty) and send it as plain text
    after the current transaction commits."""
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    send_message(EmailMessage(subject, body, to=to, reply_to=reply_to))


def site_url(request: HttpRequest | None = None) -> str:
    """The site's absolute root for links in mail: as the request reached it, else
    settings.SITE_URL (periodic jobs have no request to take it from)."""
    if request is None:
        return settings.SITE_URL
    return f"{request.scheme}://{request.get_host()}"

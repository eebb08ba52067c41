"""Emails written as templates: `<name>_subject.txt` (one line) and `<name>_message.txt`."""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_email(
    *,
    template: str,
    context: dict,
    to: list[str],
    language: str = "",
    reply_to: list[str] | None = None,
) -> None:
    """Render `template` in `language` (the active one when empty) and send it as plain text."""
    with translation.override(language or translation.get_language()):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    EmailMessage(subject, body, to=to, reply_to=reply_to).send()

"""The tour request form on a space's page, so the page's view needs no change to show it."""

from django import template

from ..forms import TourRequestForm

register = template.Library()


@register.simple_tag(takes_context=True)
def tour_request_form(context, space) -> TourRequestForm:
    """The form the page was given (a visitor's, with its errors), else an empty one."""
    return context.get("tour_request_form") or TourRequestForm(space=space)

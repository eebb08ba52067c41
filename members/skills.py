"""Skills a maker types in one language, shown in the visitor's.

Skills are free text, so most makers write the common ones the same few ways. Those are
listed here with their translations; a skill typed in either language (any case) is shown
in the page's language, and anything else is shown as written.
"""

from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _

KNOWN_SKILLS = {
    "3d modelling": _("3D modelling"),
    "3d printing": _("3D printing"),
    "agriculture": _("agriculture"),
    "arduino": _("Arduino"),
    "ble": _("BLE"),
    "cloud apis": _("cloud APIs"),
    "cnc": _("CNC"),
    "community building": _("community building"),
    "company law": _("company law"),
    "control systems": _("control systems"),
    "data analysis": _("data analysis"),
    "digital fabrication": _("digital fabrication"),
    "drones": _("drones"),
    "e-textiles": _("e-textiles"),
    "electronics": _("electronics"),
    "embedded c": _("embedded C"),
    "events": _("events"),
    "firmware": _("firmware"),
    "fundraising": _("fundraising"),
    "fusion 360": _("Fusion 360"),
    "hardware": _("hardware"),
    "industrial design": _("industrial design"),
    "intellectual property": _("intellectual property"),
    "iot": _("IoT"),
    "laser cutting": _("laser cutting"),
    "lighting": _("lighting"),
    "lora": _("LoRa"),
    "manufacturing": _("manufacturing"),
    "materials": _("materials"),
    "mechanical engineering": _("mechanical engineering"),
    "mentoring": _("mentoring"),
    "operations": _("operations"),
    "power electronics": _("power electronics"),
    "product design": _("product design"),
    "product management": _("product management"),
    "python": _("Python"),
    "robotics": _("robotics"),
    "ros": _("ROS"),
    "sensors": _("sensors"),
    "sewing": _("sewing"),
    "signal processing": _("signal processing"),
    "solidworks": _("SolidWorks"),
    "supply chain": _("supply chain"),
    "wearables": _("wearables"),
    "woodworking": _("woodworking"),
    "software": _("software"),
    "web development": _("web development"),
    "marketing": _("marketing"),
    "design": _("design"),
    "photography": _("photography"),
}


@cache
def _from_chinese() -> dict[str, str]:
    """The English key of each known skill, by its Chinese name (also its key's own form)."""
    with translation.override("zh-hans"):
        return {str(label).casefold(): key for key, label in KNOWN_SKILLS.items()}


def skill_label(skill: str) -> str:
    """`skill` in the active language when it is a known one, else as the maker wrote it."""
    folded = " ".join(skill.split()).casefold()
    key = folded if folded in KNOWN_SKILLS else _from_chinese().get(folded)
    return str(KNOWN_SKILLS[key]) if key else skill

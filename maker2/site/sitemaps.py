"""sitemap.xml: every public page in both languages, each listing its translations.

Makers and projects are listed here too, so that one module answers "what do search engines
see?"; only public maker profiles are in it.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from members.models import Maker, Project
from spaces.models import City, Network, Space


class SiteSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "spaces:home",
            "spaces:space-list",
            "spaces:city-list",
            "spaces:network-list",
            "spaces:stats",
            "members:maker-list",
            "members:project-list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class RowSitemap(SiteSitemap):
    """Rows with a page of their own (`get_absolute_url`), newest change as lastmod."""

    def lastmod(self, row):
        return row.updated_at


class SpaceSitemap(RowSitemap):
    def items(self):
        return Space.objects.published().order_by("pk")


class CitySitemap(RowSitemap):
    def items(self):
        return City.objects.listed().order_by("pk")


class NetworkSitemap(RowSitemap):
    def items(self):
        return Network.objects.order_by("pk")


class MakerSitemap(RowSitemap):
    def items(self):
        return Maker.objects.public().order_by("pk")


class ProjectSitemap(RowSitemap):
    def items(self):
        return Project.objects.order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "spaces": SpaceSitemap,
    "cities": CitySitemap,
    "networks": NetworkSitemap,
    "makers": MakerSitemap,
    "projects": ProjectSitemap,
}

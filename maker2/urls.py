"""Root URLs: admin and the API without a language prefix, the site under /en/ and /zh-hans/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from maker2.site.sitemaps import SITEMAPS

# While the database is down, pages and the API answer 503 with Retry-After, not 500.
handler500 = "maker2.api_errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("maker2.site.api")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    *i18n_patterns(
        path("", include("maker2.site.urls")),
        path("", include("members.urls")),
        path("accounts/", include("allauth.account.urls")),
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

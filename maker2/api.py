"""The partner API's router and URLs, under /api/."""

app_name = "api"

urlpatterns = []

"""The site layer: what combines places (spaces) with people and funding (members).

Pages (views.py, urls.py), sitemap.xml (sitemaps.py), the partner API's router and its
deletions feed (api.py, api_deletions.py), and the admin registrations that need both apps
(admin.py). Nothing below imports it: import-linter's contracts in pyproject.toml say so.
"""

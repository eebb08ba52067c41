"""`make bench`: Maker2 served by gunicorn on benchmark-sized data, measured with wrk.

run.py orchestrates (databases, servers, measurements, docs/benchmarks.md); naive.py and
floor.py are the two references the API list is compared with; settings.py and urls.py serve
the naive one next to the real site.
"""

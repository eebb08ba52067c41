"""How many queries each request makes, counted in-process with Django's test client.

Run by run.py in a child process whose environment points at a bench database (the same
production settings the servers get): `python -m maker2.bench.queries` reads a JSON list of
[path, headers] from stdin and prints {path: {"status": …, "queries": …}}.
"""

import json
import sys

# Requests that load what every later request shares (URLs, translations), uncounted.
WARM_UP = ["/en/", "/api/v1/spaces/?page_size=1"]


def count_queries(requests: list[tuple[str, dict]]) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    for path in WARM_UP:
        client.get(path)
    counts = {}
    for path, headers in requests:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, headers=headers)
            if response.streaming:
                b"".join(response.streaming_content)  # a streamed body queries as it is read
        counts[path] = {"status": response.status_code, "queries": len(queries)}
    return counts


def main() -> None:
    import django

    django.setup()
    requests = [(path, headers) for path, headers in json.load(sys.stdin)]
    json.dump(count_queries(requests), sys.stdout)


if __name__ == "__main__":
    main()

"""The benchmark's floor: the API's first page of spaces with no framework at all.

A bare WSGI callable answers what `/api/v1/spaces/?page_size=100` answers for each space (its
own fields, its city, plans, services, equipment and opening hours; not its networks, photos,
links or `open_now`) with ONE hand-written query that has PostgreSQL build the nested parts
as JSON, and orjson to write the page (whose `next` is always null: there is one page). It is
about as fast as Python can serve that page from this database, so Maker2's time divided by
this one says what Django and DRF cost.

Served by gunicorn (`gunicorn maker2.bench.floor:application`, DATABASE_URL in the
environment); each worker opens its own connection on its first request.
"""

import os
import wsgiref.util
from collections.abc import Callable

import dj_database_url
import orjson
import psycopg2
import psycopg2.extensions
import psycopg2.extras

PAGE_SIZE = 100

# Every nested part in the order the API gives it; `plans.price` stays a decimal string.
QUERY = """
SELECT
    s.id, s.slug, s.name_en, s.name_zh, s.kind, s.verified,
    json_build_object('id', c.id, 'slug', c.slug, 'name_en', c.name_en, 'name_zh', c.name_zh)
        AS city,
    c.timezone,
    s.address_en, s.address_zh, s.latitude::float8 AS latitude, s.longitude::float8 AS longitude,
    s.floor_area, s.desks, s.resident_makers, s.description_en, s.description_zh, s.website,
    s.founded,
    (SELECT coalesce(json_agg(json_build_object('id', v.id, 'slug', v.slug,
                'name_en', v.name_en, 'name_zh', v.name_zh) ORDER BY v.position, v.name_en), '[]')
        FROM spaces_space_services link JOIN spaces_service v ON v.id = link.service_id
        WHERE link.space_id = s.id) AS services,
    (SELECT coalesce(json_agg(json_build_object('id', v.id, 'slug', v.slug,
                'name_en', v.name_en, 'name_zh', v.name_zh) ORDER BY v.position, v.name_en), '[]')
        FROM spaces_space_equipment link JOIN spaces_equipment v ON v.id = link.equipment_id
        WHERE link.space_id = s.id) AS equipment,
    (SELECT coalesce(json_agg(json_build_object('name_en', p.name_en, 'name_zh', p.name_zh,
                'period', p.period, 'price', p.price::text, 'currency', p.currency,
                'includes_en', p.includes_en, 'includes_zh', p.includes_zh)
                ORDER BY p.position, p.price), '[]')
        FROM spaces_membershipplan p WHERE p.space_id = s.id) AS plans,
    (SELECT coalesce(json_agg(json_build_object('weekday', h.weekday,
                'opens', to_char(h.opens, 'HH24:MI'), 'closes', to_char(h.closes, 'HH24:MI'))
                ORDER BY h.weekday, h.opens), '[]')
        FROM spaces_openinghours h WHERE h.space_id = s.id) AS opening_hours,
    s.created_at, s.updated_at,
    (SELECT count(*) FROM spaces_space WHERE status = 'published') AS total
FROM spaces_space s JOIN spaces_city c ON c.id = s.city_id
WHERE s.status = 'published'
ORDER BY s.updated_at, s.id
LIMIT %s
"""


def connect(database_url: str) -> psycopg2.extensions.connection:
    """A connection to the database, in autocommit, answering times in the site's zone."""
    config = dj_database_url.parse(database_url)
    params = {
        "dbname": config["NAME"],
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
    }
    connection = psycopg2.connect(
        **{key: value for key, value in params.items() if value},
        options="-c timezone=Asia/Shanghai",
    )
    connection.autocommit = True
    return connection


def connect_from_environment() -> psycopg2.extensions.connection:
    return connect(os.environ.get("DATABASE_URL", "postgres:///maker2"))


class FloorApp:
    """The WSGI application; `connect` gives it a psycopg2 connection when it needs one."""

    def __init__(self, connect: Callable[[], psycopg2.extensions.connection]):
        self.connect = connect
        self.connection = None

    def page(self, base_url: str) -> bytes:
        if self.connection is None or self.connection.closed:
            self.connection = self.connect()
        with self.connection.cursor() as cursor:
            psycopg2.extras.register_default_json(cursor, loads=orjson.loads)
            cursor.execute(QUERY, [PAGE_SIZE])
            columns = [column.name for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        total = rows[0].pop("total") if rows else 0
        for space in rows:
            space.pop("total", None)
            space["url"] = f"{base_url}api/v1/spaces/{space['slug']}/"
            space["city"]["url"] = f"{base_url}api/v1/cities/{space['city']['slug']}/"
        return orjson.dumps({"count": total, "next": None, "results": rows})

    def __call__(self, environ, start_response):
        body = self.page(wsgiref.util.application_uri(environ))
        start_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
        )
        return [body]


application = FloorApp(connect_from_environment)

"""gunicorn's settings for a Maker2 app server: `gunicorn` in the project's directory reads
this file (or `gunicorn -c gunicorn.conf.py`); options on the command line win over it.

Values come from the environment, read by maker2/settings.py's helpers, so a bad value
stops the master with the variable's name, as it stops Django. `kill -HUP <master pid>`
reloads gracefully: this file and the code are read again, new workers start, and the old
ones finish their requests (up to graceful_timeout) before they exit.
"""

import multiprocessing

import gunicorn.http.wsgi

from maker2.settings import LOG_FORMAT, LOGGING, TRUSTED_PROXY_COUNT, env_int, env_str

wsgi_app = "maker2.wsgi:application"
proc_name = "maker2"

# Where to listen: BIND (host:port, or unix:/path), else every interface on PORT.
bind = [env_str("BIND") or f"0.0.0.0:{env_int('PORT', 8000)}"]
# Sync workers, one request at a time each, behind the balancer (which buffers slow
# clients). 2 × cores + 1: while one worker waits on PostgreSQL another uses the core.
# Not gthread with one thread: a worker then keeps idle keep-alive connections to itself,
# and with wrk's 4 connections on 2 workers it served half the pages a second sync ones do.
workers = env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
# A request still running after this many seconds has its worker killed and restarted.
timeout = env_int("GUNICORN_TIMEOUT", 30)
# On HUP, TERM or a max_requests restart: the time a worker has to finish its requests.
graceful_timeout = 30
# Sync workers answer each request with `Connection: close`, so the balancer never reuses a
# connection gunicorn has closed (no 502s from idle timeouts).
# Workers are replaced after about this many requests, so that memory cannot creep; the
# jitter keeps them from all restarting at once.
max_requests = 1000
max_requests_jitter = 100

# X-Forwarded-Proto (and the client address) are taken from the proxies in front: from any
# peer when TRUSTED_PROXY_COUNT says there are proxies (only they can reach the app servers),
# else from this machine only. FORWARDED_ALLOW_IPS (addresses or networks) narrows it.
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS") or (
    "*" if TRUSTED_PROXY_COUNT else "127.0.0.1,::1"
)

# Django writes one access line per request (maker2/logs.py, with the request id), so
# gunicorn's own access log stays off; its error log (starts, stops, timeouts) goes to
# stderr, as JSON when the site logs JSON.
accesslog = None
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()
if LOG_FORMAT == "json":
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": LOGGING["formatters"]["json"]},
        "handlers": {
            "error_console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
            "gunicorn.access": {"handlers": [], "propagate": False},
        },
        "root": {"level": loglevel.upper(), "handlers": []},
    }

# Reloads are HUP; a control socket in $HOME would be shared by every server on the machine.
control_socket_disable = True


# No "Server: gunicorn" banner. gunicorn has no setting for it: every response's first
# headers come from Response.default_headers (gunicorn/http/wsgi.py), which writes
# `Server: gunicorn`; this leaves that one line out and keeps the rest.
# (On HUP this file runs again and finds the class already in place.)
if gunicorn.http.wsgi.Response.__name__ != "ResponseWithoutBanner":

    class ResponseWithoutBanner(gunicorn.http.wsgi.Response):
        def default_headers(self):
            return [line for line in super().default_headers() if not line.startswith("Server:")]

    gunicorn.http.wsgi.Response = ResponseWithoutBanner

"""Make sure a development PostgreSQL database exists and print its DATABASE_URL.

`make run` and `make test` call `python -m maker2.devdb` so that a fresh clone works with
whatever PostgreSQL the machine has: the URL in DATABASE_URL, else a local server, else a
private cluster under `.pgdata/` started from the installed server binaries. Only the URL goes
to stdout, so the Makefile can capture it; progress and the one-sentence errors go to stderr.
"""

import getpass
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import psycopg2
from psycopg2 import errors, sql

DATABASE_NAME = "maker2"
PRIVATE_CLUSTER_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
DEBIAN_SERVER_DIRS = Path("/usr/lib/postgresql")
CONNECT_TIMEOUT = 5
NOTHING_AVAILABLE = (
    "No PostgreSQL server answers and none is installed: install PostgreSQL 15 "
    "(apt-get install postgresql) or set DATABASE_URL to a PostgreSQL database."
)


class DevDbError(Exception):
    """A failure the developer can act on, explained in one sentence."""


def log(message: str) -> None:
    print(message, file=sys.stderr)


def _parse(url: str) -> tuple[str, dict]:
    """The database name and the libpq parameters for the server, read as Django reads them."""
    try:
        config = dj_database_url.parse(url)
    except ValueError:
        config = {"ENGINE": None}
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise DevDbError(
            "DATABASE_URL must be a PostgreSQL URL such as postgres://user@host/maker2."
        )
    params = {
        "user": config["USER"],
        "password": config["PASSWORD"],
        "host": config["HOST"],
        "port": config["PORT"],
        **config.get("OPTIONS", {}),
    }
    return config["NAME"], {key: value for key, value in params.items() if value not in ("", None)}


def _connect_to_server(url: str) -> "psycopg2.extensions.connection":
    """Connect to the `postgres` maintenance database of the server the URL names.

    The named database may not exist yet, so it cannot be the one we connect to.
    """
    _, params = _parse(url)
    return psycopg2.connect(dbname="postgres", connect_timeout=CONNECT_TIMEOUT, **params)


def _describe(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)


def ensure_database(url: str) -> None:
    """Create the URL's database if it is missing; leave an existing one alone."""
    name, _ = _parse(url)
    try:
        with closing(_connect_to_server(url)) as connection:
            connection.autocommit = True  # CREATE DATABASE cannot run in a transaction.
            with connection.cursor() as cursor:
                cursor.execute("SELECT datctype FROM pg_database WHERE datname = %s", [name])
                row = cursor.fetchone()
                if row is not None:
                    if "utf" not in row[0].lower():
                        log(
                            f"Warning: database {name!r} has LC_CTYPE {row[0]!r}, so search "
                            "cannot match Chinese text; drop it and run this again."
                        )
                    return
                # Under the `C` ctype pg_trgm silently drops Chinese characters from its
                # trigrams, and search depends on them, so insist on a UTF-8 ctype; template0
                # is the only template that lets us choose it.
                try:
                    cursor.execute(
                        sql.SQL(
                            "CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' "
                            "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
                        ).format(sql.Identifier(name))
                    )
                except errors.DuplicateDatabase:
                    return  # Another run created it meanwhile.
                log(f"Created database {name!r}.")
    except psycopg2.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DevDbError(
            f"Could not prepare the database at {_describe(url)}: {reason.rstrip('.')}."
        ) from None


def _server_answers(url: str) -> bool:
    try:
        _connect_to_server(url).close()
    except psycopg2.Error:
        return False
    return True


def find_local_server() -> str | None:
    """The URL of the first local server we can log in to, or None.

    The Unix socket as the current OS user is how most Linux and Homebrew installs are set
    up; 127.0.0.1 as `postgres` covers Docker images and Postgres.app.
    """
    candidates = [
        f"postgres:///{DATABASE_NAME}",
        f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}",
    ]
    try:
        candidates.append(f"postgres://{quote(getpass.getuser())}@127.0.0.1:5432/{DATABASE_NAME}")
    except (KeyError, OSError):
        pass  # No name for this uid (some containers); the other candidates remain.
    for url in candidates:
        if _server_answers(url):
            return url
    return None


def _has_server_binaries(directory: Path) -> bool:
    return (directory / "initdb").is_file() and (directory / "pg_ctl").is_file()


def find_server_binaries(search_path: str | None = None) -> Path | None:
    """The directory holding `initdb` and `pg_ctl`, or None if no server is installed.

    Debian keeps them off PATH under /usr/lib/postgresql/<version>/bin, hence the other
    places; `search_path` replaces PATH (for tests).
    """
    initdb = shutil.which("initdb", path=search_path)
    if initdb and _has_server_binaries(Path(initdb).resolve().parent):
        return Path(initdb).resolve().parent
    pg_config = shutil.which("pg_config", path=search_path)
    if pg_config:
        try:
            bindir = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            bindir = ""
        if bindir and _has_server_binaries(Path(bindir)):
            return Path(bindir)
    versions = [
        path.parent
        for path in DEBIAN_SERVER_DIRS.glob("*/bin")
        if path.parent.name.isdigit() and _has_server_binaries(path)
    ]
    if versions:
        return max(versions, key=lambda path: int(path.name)) / "bin"
    return None


def _server_user() -> str | None:
    """The unprivileged user to run the server as, or None to run it as ourselves.

    PostgreSQL refuses to run as root.
    """
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "nobody"
    return "postgres"


def _run(command: list[str], user: str | None, cwd: Path) -> subprocess.CompletedProcess:
    if user is not None:
        if shutil.which("runuser"):
            command = ["runuser", "-u", user, "--", *command]
        else:
            command = ["su", "-s", "/bin/sh", user, "-c", subprocess.list2cmdline(command)]
    return subprocess.run(
        command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True
    )


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1].rstrip(".") if lines else "no output"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _conf_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _prepare_directory(path: Path, user: str | None) -> None:
    """Create the cluster directory, owned by the user the server will run as."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if user is None:
        return
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)
    if _run(["test", "-w", str(path)], user, cwd=Path("/")).returncode != 0:
        raise DevDbError(
            f"The user {user!r} that PostgreSQL must run as cannot reach {path} (a parent "
            "directory is private): move the repository or set DATABASE_URL."
        )


def start_private_cluster(path: Path, bindir: Path | None = None) -> str:
    """Start (creating it first if needed) a private cluster in `path`; return its URL.

    It listens on 127.0.0.1 only, on a port chosen once and kept in `path/PORT`, and trusts
    every local connection, which is fine for a throwaway development server.
    """
    bindir = bindir or find_server_binaries()
    if bindir is None:
        raise DevDbError(NOTHING_AVAILABLE)
    path = path.resolve()
    user = _server_user()
    _prepare_directory(path, user)
    data, port_file, log_file = path / "data", path / "PORT", path / "server.log"
    if not port_file.exists():
        port_file.write_text(f"{_free_port()}\n")
    port = int(port_file.read_text())

    if not (data / "PG_VERSION").exists():
        log(f"Creating a private PostgreSQL cluster in {path} …")
        initdb = [
            str(bindir / "initdb"),
            *("-D", str(data), "--auth=trust", "-U", "postgres"),
            *("--encoding=UTF8", "--locale=C.UTF-8"),
        ]
        result = _run(initdb, user, cwd=path)
        if result.returncode != 0:
            raise DevDbError(f"initdb failed: {_last_line(result.stderr + result.stdout)}.")
        # A socket path may not exceed 107 bytes; without one we still have TCP.
        socket_dir = str(path) if len(str(path)) + len("/.s.PGSQL.65535") < 108 else ""
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                "\n# Added by maker2/devdb.py: a private, local-only development server.\n"
                f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                f"unix_socket_directories = {_conf_string(socket_dir)}\n"
            )

    if _run([str(bindir / "pg_ctl"), "status", "-D", str(data)], user, cwd=path).returncode != 0:
        log(f"Starting the private PostgreSQL server on 127.0.0.1:{port} …")
        start = [str(bindir / "pg_ctl"), "start", "-w", "-D", str(data), "-l", str(log_file)]
        if _run(start, user, cwd=path).returncode != 0:
            reason = _last_line(log_file.read_text()) if log_file.exists() else "no log"
            raise DevDbError(
                f"The private PostgreSQL server did not start ({reason}); see {log_file}."
            )
    return f"postgres://postgres@127.0.0.1:{port}/{DATABASE_NAME}"


def stop_private_cluster(path: Path, bindir: Path | None = None) -> None:
    """Stop the private cluster in `path` if it runs, e.g. before deleting it."""
    path = path.resolve()
    bindir = bindir or find_server_binaries()
    if bindir is None or not (path / "data" / "postmaster.pid").exists():
        return
    stop = [str(bindir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(path / "data")]
    result = _run(stop, _server_user(), cwd=path)
    if result.returncode != 0:
        raise DevDbError(f"pg_ctl stop failed: {_last_line(result.stderr + result.stdout)}.")


def restart_private_cluster(path: Path, bindir: Path | None = None) -> None:
    """Restart the running private cluster in `path` as an operator would (fast: sessions
    are ended, nothing is lost), returning once it accepts connections again."""
    path = path.resolve()
    bindir = bindir or find_server_binaries()
    if bindir is None:
        raise DevDbError(NOTHING_AVAILABLE)
    restart = [str(bindir / "pg_ctl"), "restart", "-w", "-m", "fast", "-D", str(path / "data")]
    result = _run([*restart, "-l", str(path / "server.log")], _server_user(), cwd=path)
    if result.returncode != 0:
        raise DevDbError(f"pg_ctl restart failed: {_last_line(result.stderr + result.stdout)}.")


def database_url() -> str:
    """The development database URL, preparing a server and the database as needed."""
    url = os.environ.get("DATABASE_URL") or find_local_server()
    if url is None:
        bindir = find_server_binaries()
        if bindir is None:
            raise DevDbError(NOTHING_AVAILABLE)
        url = start_private_cluster(PRIVATE_CLUSTER_DIR, bindir)
    ensure_database(url)
    return url


def main(argv: list[str]) -> int:
    """Print the URL, or with `--stop` stop the private cluster (`make clean-db`)."""
    try:
        if argv == ["--stop"]:
            stop_private_cluster(PRIVATE_CLUSTER_DIR)
            return 0
        url = database_url()
    except DevDbError as error:
        log(str(error))
        return 1
    except Exception as error:  # Anything else still gets a sentence, not a traceback.
        log(f"Could not prepare the development database: {error}.")
        return 1
    print(url)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""gunicorn's configuration for `manage.py serve` / `make serve` (read with `gunicorn -c dangjian/gunicorn.conf.py`).

Every value comes from an environment variable, so one file serves every host:

  BIND               address to listen on (default 127.0.0.1:8000; behind a load balancer e.g. 0.0.0.0:8000)
  WEB_CONCURRENCY    worker processes (default 2 × CPU cores + 1, gunicorn's own advice for sync workers)
  WEB_TIMEOUT        seconds a request may take before its worker is replaced (default 60)
  FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers are believed (default 127.0.0.1)
  ACCESS_LOG         "-" for standard output (default), a file path, or empty for none
  WEB_PRELOAD        1 (default): the master loads the application once and forks the workers from it (they
                     start in a fraction of the time and share the loaded code's memory); 0 to load it in each

Sync workers: the pages and the API are short database-bound requests, each worker holds one persistent
PostgreSQL connection (CONN_MAX_AGE), and long work (large imports, reminders) runs in the task worker, so there
is nothing for threads or an event loop to overlap. The unsafe-settings check runs before anything listens.
"""

import multiprocessing
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")

from core.production import refuse_unsafe

refuse_unsafe()

wsgi_app = "dangjian.wsgi:application"
bind = [a.strip() for a in os.environ.get("BIND", "127.0.0.1:8000").split(",") if a.strip()]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after about a thousand requests: memory a long-lived process gathers is given back.
max_requests = 1000
max_requests_jitter = 100
preload_app = os.environ.get("WEB_PRELOAD", "1").lower() not in ("0", "false", "no", "off")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
proc_name = "dangjian"
# The heartbeat files of the workers in memory, not on a disk that may stall (containers, network mounts).
if Path("/dev/shm").is_dir():  # noqa: S108 (a directory for heartbeat files, not a temporary file name)
    worker_tmp_dir = "/dev/shm"  # noqa: S108


def when_ready(server):
    """With the application preloaded, import every module's URLs and views once in the master too, so the
    workers forked from it answer their first request without loading them again."""
    if preload_app:
        from django.urls import get_resolver

        get_resolver().url_patterns  # noqa: B018 (imports the URLconf and each module's views)


def post_fork(server, worker):
    """A worker must not inherit a database connection the master may have opened while loading the application:
    two processes on one socket corrupt each other's conversation. Each worker opens its own on first use."""
    from django.db import connections

    connections.close_all()


def worker_exit(server, worker):
    """A worker leaves without the interpreter's clean-up: with the whole application loaded, tearing the heap down object
    by object takes seconds (over ten on a busy 2-core machine), which delays every graceful stop and restart.
    The database connections are closed and the logs flushed first; nothing else needs it. (The master exits
    normally: its exit status tells the process manager why it stopped.)"""
    import logging

    from django.db import connections

    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)

"""`manage.py serve` (what `make serve` runs): the platform as it runs in production, on one host.

It refuses unsafe settings (core/production.py), then starts and watches two kinds of process:

- gunicorn with WEB_CONCURRENCY worker processes (dangjian/gunicorn.conf.py), DEBUG off, persistent database
  connections (CONN_MAX_AGE, 600 s unless set), static files from WhiteNoise;
- TASK_WORKERS (default 1) task workers, `manage.py reminders_worker`: django-tasks' database worker that runs
  the queued imports and reminder deliveries and collects each day's reminders (0 on hosts that only serve pages;
  one or two per installation are plenty).

SIGTERM or Ctrl+C stops them all gracefully (requests and tasks in progress finish). If one of them dies the
others are stopped and the command exits non-zero, for the process manager (systemd, supervisor, a container
runtime) to restart the whole: a half-running host is not left behind.

It does not migrate, collect static files or make the cache table (`make serve` does, before it): on several
hosts run those once per release, then `manage.py serve` on each.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.production import refuse_unsafe

CONF = Path(settings.BASE_DIR) / "dangjian" / "gunicorn.conf.py"
STOP_SECONDS = 35  # gunicorn's graceful_timeout (30 s) and a little


class Command(BaseCommand):
    help = "以生产方式运行平台：gunicorn 多进程 Web 服务与后台任务进程（提醒、导入）。"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="only check the settings are safe, then exit")
        parser.add_argument("--bind", help="listen address, e.g. 0.0.0.0:8000 (default: $BIND or 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, help="web worker processes (default: $WEB_CONCURRENCY or 2×CPU+1)")
        parser.add_argument(
            "--task-workers", type=int, help="task worker processes (default: $TASK_WORKERS or 1; 0 for none)"
        )

    def handle(self, *args, **options):
        refuse_unsafe()
        if options["check"]:
            return
        env = dict(os.environ)
        env["DEBUG"] = "0"
        if not env.get("CONN_MAX_AGE"):
            env["CONN_MAX_AGE"] = "600"
        if options["bind"]:
            env["BIND"] = options["bind"]
        if options["workers"]:
            env["WEB_CONCURRENCY"] = str(options["workers"])
        tasks = options["task_workers"]
        if tasks is None:
            tasks = int(env.get("TASK_WORKERS") or 1)

        python = sys.executable
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        commands = {"gunicorn": [python, "-m", "gunicorn", "-c", str(CONF)]}
        commands.update({f"reminders_worker {n + 1}": [python, manage, "reminders_worker"] for n in range(tasks)})
        # Our own interpreter with our own files: nothing from the request side reaches these command lines.
        children = {name: subprocess.Popen(cmd, env=env) for name, cmd in commands.items()}  # noqa: S603
        self.stdout.write(
            f"党建工作管理平台 production server: gunicorn on {env.get('BIND', '127.0.0.1:8000')}, "
            f"{tasks} task worker(s); pid {os.getpid()}"
        )
        self.stdout.flush()

        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = 0
        while not stopping:
            dead = [(name, c) for name, c in children.items() if c.poll() is not None]
            if dead:
                name, c = dead[0]
                code = c.returncode or 1
                self.stderr.write(f"{name} (pid {c.pid}) exited ({c.returncode}): stopping all")
                break
            time.sleep(0.5)
        for c in children.values():
            if c.poll() is None:
                c.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for c in children.values():
            try:
                c.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                c.kill()
        if code:
            raise SystemExit(code)

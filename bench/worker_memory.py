"""Memory of gunicorn's workers with and without preload_app (PSS from /proc/<pid>/smaps_rollup).

PSS (proportional set size) shares each page among the processes that map it, so pages the
workers inherit copy-on-write from a preloading master count once in total, not once per worker.

    .venv/bin/python bench/worker_memory.py            # 2 workers, the shipped gunicorn.conf.py vs preload off
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bench.slow_clients import get, gunicorn  # noqa: E402


def pss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise RuntimeError(f"no Pss for {pid}")


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return sorted(found)


def measure(env: dict, conf: str, workers: int) -> dict:
    with gunicorn(env, workers=workers, conf=conf) as (port, process, _log):
        for _ in range(20):  # every worker has served a few chats (triage and directory loaded)
            get(port, "/healthz")
        time.sleep(2)
        kids = children(process.pid)
        return {"master_kib": pss_kib(process.pid), "workers_kib": [pss_kib(k) for k in kids]}


def main() -> None:
    from navigator.cli import setup_database

    url = os.environ.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='navigator-mem-')}/navigator.db"
        setup_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-memory"}
    off = Path(tempfile.mkstemp(suffix=".py", prefix="gunicorn-nopreload-")[1])
    off.write_text(f"exec(open({str(REPO_ROOT / 'gunicorn.conf.py')!r}).read())\npreload_app = False\n")
    try:
        for label, conf in (("preload_app = False", str(off)), ("preload_app = True (shipped)", "gunicorn.conf.py")):
            figures = measure(env, conf, workers=2)
            total = figures["master_kib"] + sum(figures["workers_kib"])
            workers = ", ".join(f"{k / 1024:.1f}" for k in figures["workers_kib"])
            print(f"{label:30} master {figures['master_kib'] / 1024:.1f} MiB, workers {workers} MiB, total {total / 1024:.1f} MiB")
    finally:
        off.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

"""Slow clients against gunicorn started with gunicorn.conf.py: is a resident still answered?

Starts gunicorn on a free loopback port, opens CLIENTS sockets that each send one header byte
every INTERVAL seconds (reconnecting whenever the server drops them, as an attacker would), and
meanwhile times a resident's GET /healthz every half second. Prints the figures.

    .venv/bin/python bench/slow_clients.py --seconds 60                 # the shipped config (gevent)
    .venv/bin/python bench/slow_clients.py --seconds 60 --worker-class sync   # the old default, for comparison

DATABASE_URL is used when set; otherwise a scratch SQLite database is built first.
tests/test_serving.py runs the same code for about 12 seconds in the suite.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SLOW_REQUEST = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200 + b"\r\n\r\n"


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int | None, float]:
    """(status or None on timeout/error, seconds) for one GET on a fresh connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started
    except OSError:
        return None, time.perf_counter() - started
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int = 2, worker_class: str | None = None, ready_timeout: float = 300.0,
             conf: str = "gunicorn.conf.py"):
    """Run gunicorn -c gunicorn.conf.py wsgi:app on a free port; yields (port, process, log path)."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="navigator-gunicorn-", suffix=".log")[1])
    full_env = {**os.environ, **env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
                "GUNICORN_ACCESS_LOG": str(log)}
    if worker_class:
        full_env["GUNICORN_WORKER_CLASS"] = worker_class
    with open(log.with_suffix(".err"), "wb") as errors:
        process = subprocess.Popen([str(GUNICORN), "-c", conf, "wsgi:app"], cwd=REPO_ROOT,
                                   env=full_env, stdout=errors, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + ready_timeout
        while get(port, "/healthz", timeout=2)[0] != 200:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + log.with_suffix(".err").read_text(errors="replace"))
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer /healthz in time")
            time.sleep(0.3)
        yield port, process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.unlink(missing_ok=True)
        log.with_suffix(".err").unlink(missing_ok=True)


@dataclass
class SlowStats:
    connections: int = 0
    bytes_sent: int = 0
    held_seconds: list[float] = field(default_factory=list)  # how long the server let each one trickle


def _dropped(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    if not readable:
        return False
    with contextlib.suppress(OSError):
        sock.recv(1024)  # a response (e.g. 400) or EOF: either way the server is done with this one
    return True


def slow_client(port: int, interval: float, stop: threading.Event, stats: SlowStats) -> None:
    """Send one header byte every `interval` seconds; reconnect when the server drops the connection."""
    while not stop.is_set():
        sock = socket.create_connection(("127.0.0.1", port))
        stats.connections += 1
        opened = time.monotonic()
        try:
            for byte in SLOW_REQUEST:
                if _dropped(sock):
                    break
                sock.send(bytes([byte]))
                stats.bytes_sent += 1
                if stop.wait(interval):
                    break
        except OSError:
            pass
        finally:
            if not stop.is_set():
                stats.held_seconds.append(time.monotonic() - opened)
            sock.close()


def measure(port: int, seconds: float, clients: int = 3, interval: float = 3.0) -> dict:
    """Slow clients for `seconds` while a resident's /healthz is timed every 0.5 s."""
    stop = threading.Event()
    stats = SlowStats()
    threads = [threading.Thread(target=slow_client, args=(port, interval, stop, stats), daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(min(2.0, seconds / 4))  # let the slow clients take their sockets first
    latencies, failures = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, elapsed = get(port, "/healthz", timeout=5)
        latencies.append(elapsed)
        failures += status != 200
        time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=interval + 5)
    return {
        "probes": len(latencies),
        "failed": failures,
        "median_s": round(statistics.median(latencies), 3),
        "max_s": round(max(latencies), 3),
        "slow_connections": stats.connections,
        "slow_bytes_sent": stats.bytes_sent,
        "slow_held_max_s": round(max(stats.held_seconds), 1) if stats.held_seconds else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default=None, help="override gunicorn.conf.py's worker class (e.g. sync)")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO_ROOT))
    url = os.environ.get("DATABASE_URL")
    scratch = None
    if not url:
        from navigator.cli import setup_database

        scratch = tempfile.mkdtemp(prefix="navigator-bench-")
        url = f"sqlite:///{scratch}/navigator.db"
        setup_database(url)
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-" + os.urandom(8).hex()}
    with gunicorn(env, workers=args.workers, worker_class=args.worker_class) as (port, _process, _log):
        figures = measure(port, args.seconds, args.clients, args.interval)
    print(f"worker class: {args.worker_class or 'gunicorn.conf.py default'}; {args.workers} workers; "
          f"{args.clients} slow clients, one byte every {args.interval:g} s, for {args.seconds:g} s")
    for key, value in figures.items():
        print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()

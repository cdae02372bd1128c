"""gunicorn settings for navigator: `gunicorn -c gunicorn.conf.py wsgi:app` (and `make run`).

Why these choices (figures in docs/reliability.md):
- gevent workers: a slow or idle client costs one greenlet, not a whole worker, and gunicorn's
  async worker reads each request head inside a `keepalive`-second timeout, so a client that
  trickles one header byte every few seconds is cut off. The sync and gthread workers read the
  head with a blocking read and no deadline: three such clients stopped every resident.
- gevent patches the standard library here, before gunicorn loads the app (preload_app), so the
  app's thread-locals (SQLAlchemy's scoped session) are per request greenlet, and psycopg
  waits cooperatively (it detects the patching).
- preload_app: the app, and with it the triage index, is built once in the master and shared
  copy-on-write with the workers; a broken lexicon or config fails the start, not each worker.
"""
import os

worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gevent")
if worker_class == "gevent":
    from gevent import monkey

    monkey.patch_all()

from navigator.serving import check_start  # noqa: E402  (after the patching, on purpose)

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_connections = 1000  # open connections per worker (greenlets), slow ones included
keepalive = 5  # seconds to wait for a request head, and for the next request on a kept-alive connection
timeout = 30  # a worker silent for this long is restarted
graceful_timeout = 30
preload_app = True
max_requests = 5000  # recycle workers now and then (bounded memory growth); jitter avoids restarting all at once
max_requests_jitter = 500

# gunicorn's own request limits, stated so they are visible: the request line, header count and size.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# No control socket: its default path is one per user ($HOME/.gunicorn/gunicorn.ctl), so several servers
# on one machine would fight over it. Signals (HUP, TERM, TTIN/TTOU) still manage the master.
control_socket_disable = True

# Access log without query strings or the Referer: staff search terms, postcodes and names live there.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'


def when_ready(server):
    """Let greenlets the preloaded app started (the rate limiter's memory-expiry timer) finish here, before fork."""
    if worker_class == "gevent":
        import gevent

        gevent.sleep(0.1)


def post_worker_init(worker):
    """A forked worker opens its own database connections, never ones the master may hold (SQLAlchemy's advice)."""
    engine = getattr(worker.wsgi, "extensions", {}).get("db_engine")
    if engine is not None:
        engine.dispose(close=False)


def on_starting(server):
    """Refuse to start without a shared SECRET_KEY when there are several workers; warn about per-worker limits."""
    errors, warnings = check_start(server.cfg.workers, os.environ)
    for message in warnings:
        server.log.warning("!!! %s", message)
    if errors:
        for message in errors:
            server.log.error("navigator will not start: %s", message)
        raise SystemExit(1)

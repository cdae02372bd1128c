"""Purge figures on a sample: old and recent web chats and SMS, then `navigator purge --older-than 30d`.

    .venv/bin/python bench/purge_sample.py        # a scratch SQLite database (or DATABASE_URL)
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from twilio.request_validator import RequestValidator  # noqa: E402

from navigator import create_app  # noqa: E402
from navigator.directory.hours import LONDON  # noqa: E402

BASE, TOKEN = "https://navigator.example", "bench-token"
MESSAGES = ["sore throat, W12 0HS", "I twisted my ankle in Ealing", "toothache", "I need help with rent, HA1 1AA"]


def traffic(url: str, when: dt.datetime, chats: int, texts: int, tag: str) -> None:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "NOW": when, "TWILIO_AUTH_TOKEN": TOKEN,
                      "PUBLIC_BASE_URL": BASE, "PHONE_HASH_PEPPER": "bench"})
    client = app.test_client()
    for n in range(chats):
        client.post("/api/v1/chat", json={"text": MESSAGES[n % len(MESSAGES)]})
    for n in range(texts):
        form = {"From": f"+44770090{n:04d}", "Body": MESSAGES[n % len(MESSAGES)], "MessageSid": f"SM{tag}{n:030d}"}
        client.post("/sms/inbound", data=form,
                    headers={"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(BASE + "/sms/inbound", form)})
    app.extensions["db_engine"].dispose()


def main() -> None:
    from navigator.cli import setup_database

    url = os.environ.get("DATABASE_URL")
    if not url:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='navigator-purge-')}/navigator.db"
        setup_database(url)
    now = dt.datetime.now(LONDON)
    traffic(url, now - dt.timedelta(days=40), chats=120, texts=80, tag="old")
    traffic(url, now - dt.timedelta(hours=2), chats=30, texts=20, tag="new")
    print("sample: 120 web chats and 80 texts 40 days ago, 30 web chats and 20 texts 2 hours ago")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    runner = app.test_cli_runner()
    for args in (["purge", "--older-than", "30d", "--dry-run"], ["purge", "--older-than", "30d"],
                 ["purge", "--older-than", "30d", "--dry-run"]):
        print("$ navigator " + " ".join(args))
        print(runner.invoke(args=args).output.rstrip())
    app.extensions["db_engine"].dispose()


if __name__ == "__main__":
    main()

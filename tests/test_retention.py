"""`navigator purge --older-than 30d`: conversations, web transcripts and SMS replies past the window go; STOP stays."""
import datetime as dt
import re
import uuid

import pytest
from sqlalchemy import func, or_, select

from navigator.conversation.models import Conversation
from navigator.retention import parse_age
from navigator.sms.models import SmsMessage, SmsSubscriber
from tests.conftest import WEDNESDAY_2PM

NOW = WEDNESDAY_2PM


@pytest.mark.parametrize("text,age", [("30d", dt.timedelta(days=30)), ("12h", dt.timedelta(hours=12)), (" 7D ", dt.timedelta(days=7))])
def test_ages(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize("text", ["30", "30x", "d", "-3d", "0d", "1.5d", "", "30 days"])
def test_bad_ages_are_refused(text):
    with pytest.raises(ValueError, match="e.g. 30d or 12h"):
        parse_age(text)


def test_bad_input_gives_a_clear_error(runner):
    result = runner.invoke(args=["purge", "--older-than", "30x"])
    assert result.exit_code == 2
    assert "use a whole number of days or hours, e.g. 30d or 12h" in result.output


@pytest.fixture()
def rows(db):
    tag = uuid.uuid4().hex[:10]

    def conversation(name, channel, updated, expires):
        return Conversation(id=f"{channel}:purge-{tag}-{name}", channel=channel, data='{"transcript": ["my words"]}',
                            updated_at=updated, expires_at=expires)

    made = {
        "old_web": conversation("old", "web", NOW - dt.timedelta(days=40), NOW - dt.timedelta(days=39)),
        "new_web": conversation("new", "web", NOW - dt.timedelta(hours=1), NOW + dt.timedelta(hours=23)),
        "expired_sms": conversation("expired", "sms", NOW - dt.timedelta(days=2), NOW - dt.timedelta(days=1)),
        "old_reply": SmsMessage(message_sid=f"SMpurge{tag}old", phone_hash=f"h{tag}", reply="hi", created_at=NOW - dt.timedelta(days=31)),
        "new_reply": SmsMessage(message_sid=f"SMpurge{tag}new", phone_hash=f"h{tag}", reply="hi", created_at=NOW - dt.timedelta(days=29)),
        "stop": SmsSubscriber(phone_hash=f"h{tag}", stopped=True, language="en", updated_at=NOW - dt.timedelta(days=300)),
    }
    db.add_all(made.values())
    db.commit()
    keys = {Conversation: "id", SmsMessage: "message_sid", SmsSubscriber: "phone_hash"}
    return {name: (type(row), getattr(row, keys[type(row)])) for name, row in made.items()}


def _exists(db, kind, key):
    db.expire_all()
    return db.get(kind, key) is not None


def _expected(db):
    cutoff = NOW - dt.timedelta(days=30)
    old = or_(Conversation.updated_at < cutoff, Conversation.expires_at <= NOW)
    count = lambda q: db.scalar(q) or 0  # noqa: E731
    return {
        "web": count(select(func.count()).select_from(Conversation).where(old, Conversation.channel == "web")),
        "sms": count(select(func.count()).select_from(Conversation).where(old, Conversation.channel == "sms")),
        "replies": count(select(func.count()).select_from(SmsMessage).where(SmsMessage.created_at < cutoff)),
    }


def _printed(output):
    return {
        "web": int(re.search(r"conversation \(web, with transcripts\): (\d+)", output).group(1)),
        "sms": int(re.search(r"conversation \(sms\): (\d+)", output).group(1)),
        "replies": int(re.search(r"sms_message \(SMS replies\): (\d+)", output).group(1)),
    }


def test_dry_run_counts_per_table_and_deletes_nothing(runner, db, rows):
    expected = _expected(db)
    assert expected["web"] >= 1 and expected["sms"] >= 1 and expected["replies"] >= 1
    result = runner.invoke(args=["purge", "--older-than", "30d", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert _printed(result.output) == expected
    assert "nothing was deleted" in result.output
    assert all(_exists(db, kind, key) for kind, key in rows.values())


def test_purge_deletes_what_is_past_the_window_and_keeps_stop(runner, db, rows):
    expected = _expected(db)
    result = runner.invoke(args=["purge", "--older-than", "30d"])
    assert result.exit_code == 0, result.output
    assert _printed(result.output) == expected
    gone = {"old_web", "expired_sms", "old_reply"}
    for name, (kind, key) in rows.items():
        assert _exists(db, kind, key) is (name not in gone), name
    assert _expected(db) == {"web": 0, "sms": 0, "replies": 0}


def test_conversations_purge_still_works(runner):
    result = runner.invoke(args=["conversations", "purge"])
    assert result.exit_code == 0 and "expired conversations" in result.output

"""Opening-time phrases residents read."""
import datetime as dt

from navigator.conversation.words import Words, open_phrase
from navigator.directory.hours import LONDON, opening_state
from tests.factories import make_schedule


def test_closing_at_midnight_says_midnight():
    utc = make_schedule({"wed": ["08:00-24:00"]})
    now = dt.datetime(2026, 11, 25, 21, 0, tzinfo=LONDON)
    assert open_phrase(Words("en"), utc, opening_state(utc, now), now) == "open until midnight"
    assert open_phrase(Words("pl"), utc, opening_state(utc, now), now) == "czynne do północy"


def test_closing_soon_says_how_long():
    gp = make_schedule({"wed": ["08:00-18:30"]})
    now = dt.datetime(2026, 11, 25, 17, 45, tzinfo=LONDON)
    phrase = open_phrase(Words("en"), gp, opening_state(gp, now), now)
    assert phrase == "open until 18:30 (closes in 45 minutes)"


def test_closed_says_when_it_opens():
    gp = make_schedule({"thu": ["08:00-18:30"]})
    now = dt.datetime(2026, 11, 25, 20, 0, tzinfo=LONDON)
    assert open_phrase(Words("en"), gp, opening_state(gp, now), now) == "closed now, opens tomorrow at 08:00"


def test_unknown_hours_say_call_to_check():
    unknown = make_schedule(hours_source="unknown")
    now = dt.datetime(2026, 11, 25, 20, 0, tzinfo=LONDON)
    assert open_phrase(Words("en"), unknown, opening_state(unknown, now), now) == "call to check opening hours"

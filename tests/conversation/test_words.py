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


def test_hours_from_an_old_dated_page_show_their_age():
    """Issue 13: hours from a dated source show their age ("hours from a 2019 page: call to check")."""
    utc = make_schedule({"wed": ["08:00-20:00"]}, hours_source="source")
    utc.hours_source_date = "2019"
    now = dt.datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)
    phrase = open_phrase(Words("en"), utc, opening_state(utc, now), now)
    assert phrase == "open until 20:00 (hours from a 2019 page: call to check)"
    assert "2019" in open_phrase(Words("ar"), utc, opening_state(utc, now), now)


def test_unconfirmed_hours_from_a_dated_page_are_never_shown_as_known():
    utc = make_schedule({"wed": ["00:00-24:00"]}, hours_source="source")
    utc.hours_source_date, utc.hours_confirmed = "2021", False
    now = dt.datetime(2026, 11, 25, 3, 0, tzinfo=LONDON)
    phrase = open_phrase(Words("en"), utc, opening_state(utc, now), now)
    assert phrase == "hours from a 2021 page: call to check"


def test_a_current_source_is_said_as_plain_hours():
    pharmacy = make_schedule({"wed": ["09:00-18:00"]}, hours_source="source")
    pharmacy.hours_source_date = "2025/26"
    now = dt.datetime(2026, 11, 25, 14, 0, tzinfo=LONDON)
    assert open_phrase(Words("en"), pharmacy, opening_state(pharmacy, now), now) == "open until 18:00"

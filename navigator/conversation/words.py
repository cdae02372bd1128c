"""Every sentence a resident reads in a conversation, in their language (Babel catalogs).

Strings are English source text wrapped in gettext/ngettext, so `make translations` extracts
them; times and numbers are formatted with Babel for the resident's locale.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from ..directory.hours import LONDON, OpenState
from ..directory.models import Service
from ..directory.present import Note, resident_notes
from ..i18n import translator

BABEL_LOCALES = {"en": "en_GB", "pa": "pa_Guru"}
_TEXT_KEYWORD = re.compile(r"^text\s+(\S+)$", re.IGNORECASE)


class Words:
    """Translations and formats for one language."""

    def __init__(self, language: str):
        self.language = language
        self.locale = BABEL_LOCALES.get(language, language)
        self._t = translator(language)

    def gettext(self, message: str, **values) -> str:
        text = self._t.gettext(message)
        return text % values if values else text

    def ngettext(self, singular: str, plural: str, n: int, **values) -> str:
        values.setdefault("num", n)
        return self._t.ngettext(singular, plural, n) % values

    def time(self, when: dt.datetime) -> str:
        return format_time(when.astimezone(LONDON), format="short", locale=self.locale)

    def weekday(self, when: dt.datetime) -> str:
        return format_date(when.astimezone(LONDON).date(), format="EEEE", locale=self.locale)

    def km(self, distance: float) -> str:
        return self.gettext("%(distance)s km", distance=format_decimal(round(distance, 1), format="#,##0.0", locale=self.locale))

    def distance(self, distance: float, place=None) -> str:
        """A distance as honest as the place it is measured from: "1.2 km" from a full postcode;
        "near Acton" or "about 4 km from Acton" from an area, never a false "0.2 km" from its centre.
        `place` defaults to the one a `Distance` carries (navigator.directory.places)."""
        place = place if place is not None else getattr(distance, "place", None)
        if place is None or not place.approximate:
            return self.km(distance)
        if distance <= place.precision_km:
            return self.gettext("near %(place)s", place=place.label)
        return self.gettext("about %(distance)s km from %(place)s",
                            distance=format_decimal(max(1, round(distance)), locale=self.locale), place=place.label)


def unconfirmed_hours(service: Service, state: OpenState) -> bool:
    """Whether the hours shown are a documented default rather than the service's own."""
    return service.hours_source == "default" and state.known


def stale_hours_year(service: Service, now: dt.datetime) -> Optional[str]:
    """The year of a dated hours source two or more years old ("2019"), else None: such hours are
    shown with their age, so a resident knows to call before going."""
    date = (getattr(service, "hours_source_date", None) or "")[:4]
    if service.hours_source == "source" and date.isdigit() and int(date) <= now.year - 2:
        return date
    return None


def open_phrase(w: Words, service: Service, state: OpenState, now: dt.datetime, compact: bool = False) -> str:
    """'open until 18:00', 'open 24 hours', 'closed, opens tomorrow at 08:00', 'call to check opening hours'.

    `compact` (SMS) leaves out the "usual hours, not confirmed" note: the reply says it once instead.
    """
    stale = stale_hours_year(service, now)
    if not state.known:
        if stale:
            return w.gettext("hours from a %(year)s page: call to check", year=stale)
        return w.gettext("call to check opening hours")
    if state.open:
        if state.always_open:
            phrase = w.gettext("open 24 hours")
        elif state.closes_at is None:
            phrase = w.gettext("open now")
        else:
            closes = state.closes_at.astimezone(LONDON)
            if (closes.hour, closes.minute) == (0, 0):
                phrase = w.gettext("open until midnight")
            else:
                phrase = w.gettext("open until %(time)s", time=w.time(closes))
            minutes = int((state.closes_at - now).total_seconds() // 60)
            if minutes <= 90:
                phrase += " " + w.ngettext("(closes in %(num)d minute)", "(closes in %(num)d minutes)", minutes)
    elif state.opens_at is not None:
        days = (state.opens_at.astimezone(LONDON).date() - now.astimezone(LONDON).date()).days
        if days == 0:
            phrase = w.gettext("closed now, opens today at %(time)s", time=w.time(state.opens_at))
        elif days == 1:
            phrase = w.gettext("closed now, opens tomorrow at %(time)s", time=w.time(state.opens_at))
        else:
            phrase = w.gettext("closed now, opens %(day)s at %(time)s", day=w.weekday(state.opens_at), time=w.time(state.opens_at))
    else:
        phrase = w.gettext("closed now")
    if state.reason:
        phrase += " - " + state.reason
    if stale:
        phrase += " (" + w.gettext("hours from a %(year)s page: call to check", year=stale) + ")"
    elif unconfirmed_hours(service, state) and not compact:
        phrase += " " + w.gettext("(usual hours, not confirmed: call to check)")
    elif unconfirmed_hours(service, state):
        phrase += "*"
    return phrase


def unconfirmed_footnote(w: Words) -> str:
    """The one line that explains the * of compact (SMS) replies."""
    return w.gettext("* usual hours: call to check")


def contact_phrase(w: Words, service: Service) -> Optional[str]:
    """How to reach the service: phone first, else a text number, else the website."""
    phone = service.contact("phone")
    if phone:
        return w.gettext("Tel %(phone)s", phone=phone)
    for contact in service.contacts:
        if contact.kind == "sms":
            keyword = _TEXT_KEYWORD.match(contact.note or "")
            if keyword:
                return w.gettext("text %(keyword)s to %(number)s", keyword=keyword.group(1), number=contact.value)
            return w.gettext("text %(number)s", number=contact.value)
    if service.url:
        return service.url
    return None


def note_phrase(w: Words, note: Note) -> str:
    """A note about a service in the resident's language; the directory's own (English) text is
    marked as English for everyone else."""
    if note.free_text:
        return note.text if w.language == "en" else w.gettext("%(note)s (in English)", note=note.text)
    if note.code == "adults_only":
        # TRANSLATORS: a service that sees no children; %(age)d is the youngest age it sees, e.g. "adults only (16+)".
        return w.gettext("adults only (%(age)d+)", age=note.age_min)
    if note.code == "children_only":
        # TRANSLATORS: a service only for children and young people; %(age)d is the first age it does not see.
        return w.gettext("children only (under %(age)d)", age=note.age_max + 1)
    if note.code == "ages_from":
        return w.gettext("ages %(age)d and over", age=note.age_min)
    if note.code == "ages_to":
        return w.gettext("ages up to %(age)d", age=note.age_max)
    if note.code == "ages_between":
        return w.gettext("ages %(low)d to %(high)d", low=note.age_min, high=note.age_max)
    return {
        "closed": lambda: w.gettext("closed for good"),
        "temporarily_closed": lambda: w.gettext("temporarily closed"),
        "check_open": lambda: w.gettext("check it is open before you go"),
        "prebooked_only": lambda: w.gettext("pre-booked only"),
        "appointment_only": lambda: w.gettext("by appointment only"),
        "no_walk_in": lambda: w.gettext("no walk-ins"),
        "referral_needed": lambda: w.gettext("referral needed"),
    }[note.code]()


def note_parts(w: Words, service: Service, compact: bool = False, detail: bool = False) -> tuple[list[str], list[str]]:
    """(short phrases for the service's first line, safety first; lines of the directory's own notes).

    `compact` (SMS) keeps only the short phrases (check it is open, adults only (16+), pre-booked
    only...): they cost a few characters each, in the resident's language, and a resident must not
    miss them; the directory's longer English notes are for the web and the details reply."""
    notes = resident_notes(service, detail=detail)
    short = [note_phrase(w, n) for n in notes if not n.free_text]
    lines = [] if compact else [note_phrase(w, n) for n in notes if n.free_text]
    return short, lines


def service_lines(
    w: Words, number: Optional[int], service: Service, state: OpenState, distance: Optional[float],
    now: dt.datetime, compact: bool = False, detail: bool = False,
) -> list[str]:
    """A service as a resident reads it: name with what to know before going (adults only,
    pre-booked only...), open state, distance; address; contact; then the directory's own notes.

    The address stays the second line (SMS drops it before the contact when space is short)."""
    head = f"{number}. {service.name}" if number else service.name
    short, notes = note_parts(w, service, compact, detail)
    bits = short + [open_phrase(w, service, state, now, compact)]
    if distance is not None:
        bits.append(w.distance(distance))
    lines = [f"{head} - " + ", ".join(bits)]
    loc = service.location
    if loc is not None and (loc.address or loc.postcode):
        lines.append(", ".join(p for p in (loc.address, loc.postcode) if p))
    contact = contact_phrase(w, service)
    if contact:
        lines.append(contact)
    return lines + notes


def ask_location(w: Words) -> str:
    return w.gettext("What is your postcode or area (for example W12 0HS or Ealing)? I will find services near you.")


def unknown_place(w: Words, text: str) -> str:
    return w.gettext("I could not find %(place)s. Please send a full postcode (like UB3 1AA) or a borough name.", place=text)


def clarify(w: Words) -> str:
    return w.gettext(
        "Tell me in a few words what you need help with, for example: sore throat, twisted ankle, toothache, "
        "a GP, housing or money worries."
    )


def help_text(w: Words) -> str:
    return w.gettext(
        "I can help you find the right NHS or local service in North West London. Tell me what is wrong or what "
        "you need, and your postcode. Reply MORE for more places, a number for details, or the name of your "
        "language to change language. In an emergency call 999."
    )


def more_prompt(w: Words) -> str:
    return w.gettext("Reply MORE for more places, or a number for details.")


def more_prompt_short(w: Words) -> str:
    """The MORE prompt for SMS, where every character counts."""
    return w.gettext("Reply MORE for more.")


def no_more(w: Words) -> str:
    return w.gettext("That is all I have nearby. If you are not sure what to do, call NHS 111.")


def no_results(w: Words) -> str:
    return w.gettext("I could not find a service for this near you. Call NHS 111 for advice, any time.")


def language_switched(w: Words) -> str:
    return w.gettext("I will reply in English from now on.")


def place_noted(w: Words, label: str) -> str:
    return w.gettext("Thanks, I will look near %(place)s. What do you need help with?", place=label)


def call_999(w: Words) -> str:
    # TRANSLATORS: emergency text. Keep it short and literal; needs human clinical review before go-live.
    return w.gettext("Call 999 now. This could be an emergency.")


def silent_call(w: Words) -> str:
    # TRANSLATORS: emergency text (danger now, e.g. domestic abuse); needs human clinical review before go-live.
    return w.gettext("If you cannot speak on a 999 call from a mobile, press 55 when asked.")


def nearest_ae(w: Words, children: bool = False) -> str:
    """The heading above the nearest A&Es; `children` when only departments that see children are listed."""
    if children:
        return w.gettext("Nearest A&E that treats children:")
    return w.gettext("Nearest A&E:")


def crisis_intro(w: Words) -> list[str]:
    return [
        # TRANSLATORS: crisis text (safe-messaging). Keep it calm, short and literal; needs human clinical review before go-live.
        w.gettext("Thank you for telling me. You do not have to face this alone."),
        # TRANSLATORS: crisis text; needs human clinical review before go-live.
        w.gettext("If you are in danger now or have hurt yourself, call 999."),
        # TRANSLATORS: crisis text; needs human clinical review before go-live.
        w.gettext("You can talk to someone now, day or night:"),
    ]


def crisis_intro_helper(w: Words) -> list[str]:
    """For someone worried about another person: 999 if in danger; they can call on the person's behalf."""
    return [
        # TRANSLATORS: crisis text for someone worried about another person; needs human clinical review before go-live.
        w.gettext("Thank you for looking out for them. You do not have to handle this alone."),
        # TRANSLATORS: crisis text; needs human clinical review before go-live.
        w.gettext("If they are in danger now or have hurt themselves, call 999."),
        # TRANSLATORS: crisis text; needs human clinical review before go-live.
        w.gettext("You can call these numbers for them or with them, day or night:"),
    ]


def gp_intro(w: Words) -> str:
    return w.gettext("If you are registered with a GP, contact your own practice first. Practices near you:")


def crisis_local(w: Words, name: str, phone: str) -> str:
    # TRANSLATORS: crisis text; needs human clinical review before go-live.
    return w.gettext("%(name)s: call %(phone)s (24 hours, free)", name=name, phone=phone)


def crisis_local_short(w: Words, phone: str) -> str:
    """The borough's crisis line without its long name, for SMS where every character counts."""
    # TRANSLATORS: crisis text; needs human clinical review before go-live.
    return w.gettext("Local mental health crisis line: call %(phone)s (24 hours, free)", phone=phone)


def nhs111_option2(w: Words, phone: str) -> str:
    # TRANSLATORS: crisis text; needs human clinical review before go-live.
    return w.gettext("NHS 111: call %(phone)s and choose option 2 for mental health (24 hours)", phone=phone)


def automated_notice(w: Words) -> str:
    return w.gettext("This is an automated service: nobody reads these messages as they arrive.")


def nhs111_lines(w: Words, phone: str) -> list[str]:
    return [w.gettext("Call NHS 111 on %(phone)s (free, 24 hours) for advice now.", phone=phone)]


def dental_lines(w: Words) -> list[str]:
    return [
        w.gettext("For urgent dental pain, call your dentist. If you do not have one, or it is closed, call NHS 111."),
    ]


# --- The safety net, the numbered choice and the dialogue's follow-ups ---

def safety_net(w: Words, nhs111_phone: str) -> str:
    """One short line on every non-emergency health reply: when to call 999, where the crisis line is."""
    # TRANSLATORS: safety text; keep it short and literal; needs human clinical review before go-live.
    return w.gettext("Emergency: call 999. Mental health crisis: call %(phone)s, option 2.", phone=nhs111_phone)


def numbered_choice(w: Words) -> str:
    """The menu offered when a message could not be placed (the conversation reads the number back)."""
    # TRANSLATORS: keep the numbers 1-4; short, plain words.
    return w.gettext("Reply 1 someone is in danger now, 2 cannot cope or feel unsafe, 3 ill or injured, 4 other help.")


def clarify_short(w: Words) -> str:
    return w.gettext("Tell me in a few words what is wrong or what you need.")


def what_is_wrong(w: Words) -> str:
    return w.gettext("Tell me what is wrong (for example: fever, a cut, a sprain, a rash) and your postcode or area.")


def other_help(w: Words) -> str:
    return w.gettext("What do you need help with? For example: housing, money or debts, food, loneliness, caring for someone.")


def silent_intro(w: Words) -> str:
    # TRANSLATORS: emergency text for someone who cannot talk safely; needs human clinical review before go-live.
    return w.gettext("If it is not safe to talk:")


def text_999(w: Words) -> str:
    # TRANSLATORS: emergency text; needs human clinical review before go-live.
    return w.gettext("You can text 999 only if you have registered first (text REGISTER to 999).")


def closing(w: Words) -> str:
    return w.gettext("You're welcome. Take care.")


def second_need(w: Words, number: int, topic: str) -> str:
    return w.gettext("Reply %(number)s for help with %(topic)s.", number=number, topic=topic)


def topic(w: Words, key: str) -> str:
    """A short name for a need offered as the second one ("reply 2 for help with rent")."""
    names = {
        "housing": w.gettext("housing"),
        "money": w.gettext("money, debts or rent"),
        "food": w.gettext("food"),
        "domestic_abuse": w.gettext("abuse at home"),
        "carers": w.gettext("caring for someone"),
        "mental_wellbeing": w.gettext("stress or low mood"),
        "pharmacy": w.gettext("a pharmacy"),
        "gp": w.gettext("a GP"),
        "dental": w.gettext("a dentist"),
        "utc": w.gettext("an urgent treatment centre"),
        "nhs111": w.gettext("NHS 111 advice"),
    }
    return names.get(key) or w.gettext("your other question")


def in_english(w: Words) -> str:
    """Marks a service's own text that has no translation."""
    return w.gettext("(in English)")


def nearest_utc(w: Words) -> str:
    return w.gettext("If you need to be seen today, the nearest urgent treatment centre:")


def day_hours(w: Words, day: str, opens: str, closes: str) -> str:
    return w.gettext("%(day)s: open %(opens)s to %(closes)s", day=day, opens=opens, closes=closes)


def day_closed(w: Words, day: str) -> str:
    return w.gettext("%(day)s: closed", day=day)


def day_always(w: Words, day: str) -> str:
    return w.gettext("%(day)s: open 24 hours", day=day)


def day_unknown(w: Words, day: str) -> str:
    return w.gettext("%(day)s: hours not known, call to check", day=day)


def speaks(w: Words, languages: str) -> str:
    return w.gettext("staff speak %(languages)s", languages=languages)


def speaks_unknown(w: Words) -> str:
    return w.gettext("languages not listed: call to ask for an interpreter")


def walk_in_yes(w: Words) -> str:
    return w.gettext("you can walk in")


def walk_in_no(w: Words) -> str:
    return w.gettext("call first for an appointment")


def walk_in_unknown(w: Words) -> str:
    return w.gettext("call to check if you need an appointment")


def about_km(w: Words, distance: float, place: str) -> str:
    """A distance measured from an area, not an address: said as approximate."""
    return w.gettext("about %(distance)s from %(place)s", distance=w.km(distance), place=place)


def no_phone(w: Words) -> str:
    return w.gettext("no phone number listed")


def nothing_listed(w: Words) -> str:
    return w.gettext("Tell me what you need and your postcode or area first, and I will find services.")



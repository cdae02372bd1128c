"""What numbers say: stated ages ("my son is 4", "5 jir", "8 month old baby"), long durations
("for 3 weeks") and counts of tablets ("took 30 paracetamol")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import arabic_stem
from .normalise import ARABIC, DIGITS, INDIC, Token, normalise, tokenise


def _words(*items: str) -> frozenset[str]:
    """Normalised unit words."""
    return frozenset(t.text for item in items for t in tokenise(normalise(item)))


YEARS = _words(
    "year years yr yrs yo y yearold yearsold",
    "lat lata latka latek roku rok rocznik", "ani an anisor anii anul", "anos ano aninhos años añitos anito",
    "jir jirka sano sanadood sanno", "سنه سنین سنوات عام اعوام سنتین sene sana snin sneen",
    "saal sal saala saali سال ساله سالہ سالی سالشه sale saleh salesh ਸਾਲ ਸਾਲਾਂ ਸਾਲਾ ਸਾਲੀ",
    "વર્ષ varsh varas વરસ", "வயது வயசு vayasu vayadhu வருடம் வருஷம்", "বছর bochor bochorer bosor",
)
MONTHS = _words(
    "month months mo mos mth mths monthold", "miesiac miesiace miesiecy miesiaca miesieczny miesieczna",
    "luni luna lunar", "meses mes mesinhos", "bilood bil", "شهر شهور اشهر شهرین shahr shhur",
    "mahine mahina mahiney maheena مہینے مہینہ مهینه مهینی ماه ماهه mah maheh mahe ਮਹੀਨੇ ਮਹੀਨਾ ਮਹੀਨਿਆਂ",
    "મહિના mahina", "மாதம் மாத மாசம் maasam", "মাস মাসের mas",
)
WEEKS = _words(
    "week weeks wk wks weekold", "tydzien tygodni tygodnie tygodniowy", "saptamani saptamana",
    "semanas semana", "toddobaad todobaad", "اسبوع اسابیع", "hafte hafta hafton ہفتے ہفتہ هفته هفتی ਹਫ਼ਤੇ ਹਫਤੇ ਹਫ਼ਤਾ",
    "અઠવાડિયા athvadiya", "வாரம் வார", "সপ্তাহ soptaho",
)
DAYS = _words("day days dayold", "dni dzien", "zile zi", "dias dia", "maalmood maalin", "یوم ایام روز din دن ਦਿਨ",
              "દિવસ", "நாள்", "দিন")
OLD = _words("old olds aged")
AGE_WORDS = _words(
    "aged age is turned turning im am", "wiek", "varsta vârsta varsta", "idade edad", "dadka dadkiisu dadkeedu",
    "عمر عمره عمرها عمرو 3omro 3omra omro", "umar umr umer عمر عمرش سن سنش", "ਉਮਰ", "ઉંમર ઉમર ummar umar",
    "வயசு வயது vayasu vayathu", "বয়স বয়েস boyosh boyos",
)  # "age: 5", "boyosh 5", "ઉંમર 4"
DURATION_BEFORE = _words(
    "for since past last over about around nearly almost", "od przez ponad", "timp acum peste", "ha faz desde durante por hace",
    "muddo", "منذ من صار", "از", "se",
)
DURATION_AFTER = _words("ago now running straight", "temu", "atras", "pehle se", "پیش قبل", "ਤੋਂ", "થી", "ஆக", "ধরে আগে")
MEDICINES = _words(
    "tablets tablet pills pill paracetamol paracetamols ibuprofen codeine cocodamol co-codamol aspirin sleeping "
    "antidepressants sertraline diazepam insulin capsules meds medication medicine", "tabletek tabletki tabletka leki",
    "pastile pastila pastilele comprimate medicamente", "کپسول داروها دارو",
    "comprimidos comprimido pilulas remedios pastillas", "kiniin kaniini", "حبوب حبه حبات اقراص قرص",
    "گولیاں گولیان گولی گولیاں golian goliyan goli", "قرص قرصها", "ਗੋਲੀਆਂ ਗੋਲੀਆ ਗੋਲੀ", "ગોળી ગોળીઓ goli",
    "மாத்திரை மாத்திரைகள் maathirai mathirai", "ট্যাবলেট বড়ি ওষুধ tablet",
)
# Small numbers written as words, 1 to 12, so "teen hafte", "dos semanas", "three weeks" read as durations.
_NUMBER_WORDS = {
    1: "one a an jeden jedna jedno unu una um uma uno kow hal ek aik ek yek yak yek ஒரு ஒன்று এক ਇੱਕ ਇਕ એક واحد یک ایک",
    2: "two dwa dwie doi doua dois duas dos laba do dau don du dui ரெண்டு இரண்டு দুই ਦੋ બે اثنین اثنان دو",
    3: "three trzy trei tres saddex teen tin seh se மூணு மூன்று তিন ਤਿੰਨ ત્રણ ثلاث ثلاثه تین سه",
    4: "four cztery patru quatro cuatro afar char chaar chahar நாலு நான்கு চার ਚਾਰ ચાર اربع اربعه چار چهار",
    5: "five piec cinci cinco shan panch paanch panj நஞ்சு ஐந்து পাঁচ ਪੰਜ પાંચ خمس خمسه پانچ پنج",
    6: "six szesc sase seis lix chhe che shish ஆறு ছয় ਛੇ છ ست سته چھ شش",
    7: "seven siedem sapte sete siete toddoba saat haft ஏழு সাত ਸੱਤ સાત سبع سبعه سات هفت",
    8: "eight osiem opt oito ocho siddeed aath hasht எட்டு আট ਅੱਠ આઠ ثمان ثمانیه اٹھ هشت",
    9: "nine dziewiec noua nove nueve sagaal nau noh ஒன்பது নয় ਨੌਂ નવ تسع تسعه نو نه",
    10: "ten dziesiec zece dez diez toban das dah பத்து দশ ਦਸ દસ عشر عشره دس ده",
    12: "twelve dwanascie doisprezece doze doce labaatan barah davazdah",
}
NUMBER_WORDS = {w: float(n) for n, words in _NUMBER_WORDS.items() for w in _words(words)}
OVERDOSE_COUNT = 8  # tablets taken at once that make it an overdose
# "took / swallowed / ate" in the 13 languages, for "took 30 paracetamol" when the lexicon has no phrase.
TAKING = _words(
    "took taken swallowed ate had overdosed necked downed", "wzial wziela wzialem wzielam polknal polknela lyknal zjadl",
    "luat inghitit", "tomo tomou tomei tomaram tomado tomaste tomaron tomó trago tragou engoliu ingirio comio",
    "qaatay liqay liqday cunay", "بلع بلعت اخذ اخذت اکل اکلت شرب شربت خورد خوردم خورده خوردن",
    "kha khaa khali khaliye nigal nigla nigli khayi khaiyan", "کھا کھالی نگل کھالیں", "ਖਾ ਖਾਧੀਆਂ ਨਿਗਲ", "ખાઈ ગળી ખાધી",
    "சாப்பிட்டு முழுங்கி முழுங்கிட்டா", "খেয়ে খেয়েছে গিলে", "khorde khord",
)
# "all / the whole packet" in the 13 languages: "took all the tablets" is an overdose too.
WHOLE = _words(
    "all whole entire packet packets box bottle lot loads", "wszystkie cale cala całe caly opakowanie paczke garsc",
    "toate intreaga întreagă cutie cutia tot flaconul", "todos todas toda caixa cartela monte", "caja bote monton",
    "dhammaan dhan", "کل کلها کله علبه العلبه", "saari saare sari sara poori puri dabba پوری ساری سارے ڈبہ ڈبا",
    "همه همهی بسته قوطی", "ਸਾਰੀਆਂ ਸਾਰੀ ਸਾਰੇ ਪੂਰੀ ਡੱਬਾ", "બધી બધું આખી આખું પેકેટ", "எல்லா எல்லாம் முழு",
    "সব সবগুলো পুরো বোতল",
)
NOT_AGE_UNITS = _words("days day hours hour hrs mins minutes times ml mg kg kilos kilo degrees c percent pills tablets weeks months")
_SHORTHAND = re.compile(r"^(\d{1,3})(yo|yr|yrs|y|mo|mos|mth|mths|wk|wks)$")


@dataclass(frozen=True)
class Numbers:
    """What the numbers of a message say: an age (years; babies are 0) and a long duration."""

    age: int | None
    duration: str | None
    pills: str | None = None  # "took 30 paracetamol": a count of tablets taken, large enough to be an overdose


def _unit(token: Token) -> str | None:
    """Which time unit a word is: years, months, weeks, days, or None."""
    text = token.text
    for name, words in (("years", YEARS), ("months", MONTHS), ("weeks", WEEKS), ("days", DAYS)):
        if text in words:
            return name
        if token.script in INDIC and any(text.startswith(w) for w in words if len(w) >= 3 and not w.isascii()):
            return name
    return None


def _is_medicine(token: Token) -> bool:
    """Whether a word names tablets or a medicine."""
    if token.text in MEDICINES or (token.script == ARABIC and arabic_stem(token.text) in MEDICINES):
        return True
    return token.script in INDIC and any(token.text.startswith(w) for w in MEDICINES if not w.isascii())


def _value(text: str) -> float | None:
    """A number token as a float."""
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def read_numbers(tokens: list[Token], child_ends: set[int], has_child: bool, pregnant: bool = False) -> Numbers:
    """Find a stated age and a long duration among the tokens ("30 weeks pregnant" is neither)."""
    age: int | None = None
    duration: str | None = None
    pills: str | None = None
    n = len(tokens)
    for i, tok in enumerate(tokens):
        value, unit, unit_at = None, None, i
        m = _SHORTHAND.match(tok.text) if tok.script != DIGITS else None
        if m:
            value = float(m.group(1))
            unit = {"y": "years", "m": "months", "w": "weeks"}[m.group(2)[0]]
        elif tok.script == DIGITS or tok.text in NUMBER_WORDS:
            value = _value(tok.text) if tok.script == DIGITS else NUMBER_WORDS[tok.text]
            if value is None:
                continue
            for j in (i + 1, i + 2):
                if j < n and tokens[j].clause == tok.clause:
                    unit = _unit(tokens[j])
                    if unit:
                        unit_at = j
                        break
        if value is None:
            continue
        if tok.script != DIGITS and unit is None:
            continue  # a number word only counts before a time unit
        if tok.script == DIGITS and value >= OVERDOSE_COUNT and pills is None:
            for j in (i + 1, i + 2):
                if j < n and tokens[j].clause == tok.clause and _is_medicine(tokens[j]):
                    pills = f"{tok.text} {tokens[j].text}"
        before = tokens[i - 1].text if i > 0 and tokens[i - 1].clause == tok.clause else ""
        after = [t.text for t in tokens[unit_at + 1: unit_at + 3] if t.clause == tok.clause]
        old = bool(after) and after[0] in OLD
        timed = before in DURATION_BEFORE or any(a in DURATION_AFTER for a in after[:2])
        if unit == "years":
            if (old or not timed) and value <= 120 and age is None:
                age = int(value)
            elif timed and duration is None:
                duration = f"{tok.text} {tokens[unit_at].text}" if unit_at != i else tok.text
        elif unit in ("months", "weeks", "days"):
            if pregnant and unit in ("weeks", "months") and not timed:
                continue  # how far along a pregnancy is
            is_age = old or (has_child and not timed and unit != "days")
            if is_age:
                if age is None:
                    age = 0 if unit != "months" or value < 12 else int(value // 12)
            elif duration is None and (
                (unit == "months" and value >= 1) or (unit == "weeks" and value >= 3) or (unit == "days" and value >= 21)
            ):
                duration = f"{tok.text} {tokens[unit_at].text}" if unit_at != i else tok.text
        elif tok.script == DIGITS and age is None and value <= 120 and value == int(value):
            nxt = tokens[i + 1].text if i + 1 < n and tokens[i + 1].clause == tok.clause else ""
            if nxt in NOT_AGE_UNITS:
                continue
            said_i = before == "am" and i > 1 and tokens[i - 2].text == "i"
            stated = before in AGE_WORDS and (has_child or said_i or before not in ("is", "am")) and value >= 1
            if stated or ((i - 1) in child_ends and value <= 17):  # "aged 15", "my son is 4", "syn (14)"
                age = int(value)
    if pills and not any(t.text in TAKING for t in tokens):
        pills = None
    if pills is None:
        pills = _all_the_tablets(tokens)
    return Numbers(age, duration, pills)


def _all_the_tablets(tokens: list[Token]) -> str | None:
    """"took all the tablets", in one clause and any order: taking, all and tablets."""
    clauses: dict[int, list[Token]] = {}
    for t in tokens:
        clauses.setdefault(t.clause, []).append(t)
    for words in clauses.values():
        taking = next((t.text for t in words if t.text in TAKING), None)
        whole = next((t.text for t in words if t.text in WHOLE), None)
        medicine = next((t.text for t in words if _is_medicine(t)), None)
        if taking and whole and medicine:
            return f"{taking} {whole} {medicine}"
    return None

"""Language identification, language names and the supported list."""
import pytest

from navigator.triage import language_named, supported_languages, triage

from .conftest import ALL_CODES, lexicon_or_skip


def test_thirteen_languages_are_supported():
    langs = supported_languages()
    assert [lang.code for lang in langs] == ALL_CODES
    assert all(lang.name and lang.scripts for lang in langs)


@pytest.mark.parametrize("text,code", [
    ("polski", "pl"), ("Polish", "pl"), ("română", "ro"), ("العربية", "ar"), ("soomaali", "so"),
    ("English", "en"), ("Urdu", "ur"), ("ਪੰਜਾਬੀ", "pa"), ("Farsi", "fa"), ("bangla", "bn"),
    ("español", "es"), ("Português", "pt"), ("gujarati", "gu"), ("தமிழ்", "ta"),
])
def test_language_named(text, code):
    assert language_named(text) == code


@pytest.mark.parametrize("text", ["I speak Polish", "chest pain", "", "polski polski polski"])
def test_language_named_is_whole_message_only(text):
    assert language_named(text) is None


@pytest.mark.parametrize("text,code", [
    ("મારા પેટમાં દુખે છે", "gu"),
    ("எனக்கு வயிறு வலிக்குது", "ta"),
    ("আমার পেটে ব্যথা", "bn"),
    ("ਮੇਰੇ ਢਿੱਡ ਵਿੱਚ ਦਰਦ ਹੈ", "pa"),
    ("hello, I need some help please", "en"),
    ("", "en"),
    ("12345 !!!", "en"),
])
def test_script_decides_single_script_languages(text, code):
    assert triage(text).language == code


@pytest.mark.parametrize("code,text", [
    ("pl", "dzień dobry, potrzebuję pomocy, gdzie mam iść"),
    ("ro", "buna ziua, am nevoie de ajutor, unde trebuie sa merg"),
    ("pt", "bom dia, eu preciso de ajuda, onde eu vou"),
    ("es", "buenos dias, necesito ayuda, donde tengo que ir"),
    ("so", "waxaan u baahanahay caawimaad, xagee aadaa"),
    ("ar", "مرحبا، أحتاج مساعدة، وين أروح"),
    ("fa", "سلام، من کمک لازم دارم، کجا باید برم"),
    ("ur", "مجھے مدد چاہیے، میں کہاں جاؤں"),
])
def test_detects_the_language_of_everyday_words(code, text):
    lexicon_or_skip(code)
    assert triage(text).language == code


def test_phrases_found_tell_the_language():
    lexicon_or_skip("pt")
    assert triage("torci o tornozelo jogando bola").language == "pt"


def test_english_loan_phrases_do_not_make_a_message_english():
    lexicon_or_skip("ur")
    assert triage("mujhe morning after pill chahiye jaldi").language == "ur"


def test_a_word_means_what_it_means_in_the_message_language():
    lexicon_or_skip("pl")
    lexicon_or_skip("pt")
    assert triage("mam angina, boli gardlo").route == "pharmacy"  # Polish: tonsillitis
    assert triage("tenho angina no peito").route == "emergency"  # Portuguese: angina

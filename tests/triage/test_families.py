"""Red-flag families in the 13 languages (fits, taking one's own life, swelling lips or tongue,
hit by a car, fainted and fell) and fever words under child_fever. Wording written for these
tests, not taken from the evaluation set."""
import pytest

from navigator.triage import triage

FAMILIES = [
    ('emergency', 'ur', 'mere bhai ko daura par raha hai'),
    ('emergency', 'ur', 'beti ko daura pad raha hai'),
    ('emergency', 'ur', 'abbu ko dora par raha hai jaldi'),
    ('emergency', 'ur', 'میرے بیٹے کو دورہ پڑ رہا ہے'),
    ('emergency', 'ur', 'اسے فٹ پڑ رہے ہیں'),
    ('emergency', 'pa', 'ਮੇਰੇ ਪੁੱਤ ਨੂੰ ਦੌਰਾ ਪੈ ਰਿਹਾ'),
    ('emergency', 'pa', 'ਦੌਰਾ ਪੈ ਰਿਹਾ ਹੈ'),
    ('emergency', 'pa', 'ਉਹਨੂੰ ਦੌਰੇ ਪੈਂਦੇ ਪਏ ਨੇ'),
    ('emergency', 'pa', 'putt nu daura pai reha'),
    ('emergency', 'pa', 'پتر نوں دورہ پے رہیا اے'),
    ('crisis', 'ur', 'main apni jaan lena chahta hun'),
    ('crisis', 'ur', 'main apni jaan lena chahti hoon'),
    ('crisis', 'ur', 'میں اپنی جان لینا چاہتا ہوں'),
    ('crisis', 'pa', 'main apni jaan lena chahunda'),
    ('crisis', 'pa', 'ਮੈਂ ਆਪਣੀ ਜਾਨ ਲੈਣਾ ਚਾਹੁੰਦੀ ਹਾਂ'),
    ('crisis', 'es', 'quiero quitarme la vida'),
    ('crisis', 'pt', 'quero tirar minha própria vida'),
    ('crisis', 'ro', 'vreau să-mi iau viața'),
    ('crisis', 'pl', 'chcę odebrać sobie życie'),
    ('crisis', 'fa', 'میخوام به زندگیم پایان بدم'),
    ('crisis', 'ar', 'بدي انهي حياتي'),
    ('crisis', 'bn', 'আমি নিজের জীবন শেষ করে দিতে চাই'),
    ('crisis', 'gu', 'મારે મારો જીવ લેવો છે'),
    ('crisis', 'ta', 'என் உயிரை மாய்த்துக்கொள்ள விரும்புகிறேன்'),
    ('crisis', 'so', 'waxaan doonayaa inaan naftayda qaato'),
    ('crisis', 'en', 'i want to take my own life'),
    ('emergency', 'es', 'se le hincharon los labios'),
    ('emergency', 'es', 'a mi hija se le está hinchando la lengua'),
    ('emergency', 'pt', 'os lábios dele incharam muito'),
    ('emergency', 'pt', 'a língua dela inchou'),
    ('emergency', 'ro', 'i s-au umflat buzele'),
    ('emergency', 'ro', 'i s-a umflat limba dupa alune'),
    ('emergency', 'pl', 'spuchły mu usta i język'),
    ('emergency', 'en', 'his lips have swollen up'),
    ('emergency', 'ar', 'شفايفه منفوخه بعد الاكل'),
    ('emergency', 'ar', 'لسانه ورم'),
    ('emergency', 'ur', 'honth sooj gaye hain'),
    ('emergency', 'ur', 'زبان سوج گئی ہے'),
    ('emergency', 'pa', 'ਬੁੱਲ੍ਹ ਸੁੱਜ ਗਏ ਨੇ'),
    ('emergency', 'fa', 'لبهاش ورم کرده'),
    ('emergency', 'bn', 'ঠোঁট ফুলে গেছে'),
    ('emergency', 'gu', 'હોઠ સૂજી ગયા છે'),
    ('emergency', 'ta', 'உதடு வீங்கிடுச்சு'),
    ('emergency', 'so', 'bushimihiisa ayaa bararay'),
    ('emergency', 'ro', 'l-a lovit o masina'),
    ('emergency', 'ro', 'a lovit-o o mașină pe trecere'),
    ('emergency', 'ro', 'm-a lovit o masina'),
    ('emergency', 'es', 'a mi hijo lo atropelló un coche'),
    ('emergency', 'es', 'lo golpeó un coche'),
    ('emergency', 'pt', 'um carro bateu nele'),
    ('emergency', 'pt', 'foi atingido por um carro'),
    ('emergency', 'pl', 'potrącił go samochód'),
    ('emergency', 'en', 'he got hit by a car'),
    ('emergency', 'ar', 'صدمته سياره'),
    ('emergency', 'ur', 'usay gaari ne takkar maar di'),
    ('emergency', 'ur', 'گاڑی نے ٹکر مار دی'),
    ('emergency', 'fa', 'ماشین بهش زد'),
    ('emergency', 'bn', 'গাড়ি ধাক্কা দিয়েছে'),
    ('emergency', 'gu', 'ગાડીએ ટક્કર મારી'),
    ('emergency', 'ta', 'கார் மோதிடுச்சு'),
    ('emergency', 'so', 'gaari ayaa jiirsatay'),
    ('emergency', 'pa', 'ਗੱਡੀ ਨੇ ਟੱਕਰ ਮਾਰ ਦਿੱਤੀ'),
    ('emergency', 'ta', 'amma mayakkam pottu vizhunthuttanga'),
    ('emergency', 'ta', 'அம்மா மயக்கம் போட்டு விழுந்துட்டாங்க'),
    ('emergency', 'bn', 'মা অজ্ঞান হয়ে পড়ে গেছে'),
    ('emergency', 'gu', 'બા બેભાન થઈને પડી ગયા'),
    ('emergency', 'ur', 'abbu behosh ho kar gir gaye'),
    ('emergency', 'es', 'se desmayó y se cayó'),
    ('emergency', 'pt', 'desmaiou e caiu'),
    ('emergency', 'ro', 'a leșinat și a căzut'),
    ('emergency', 'pl', 'zemdlał i upadł'),
    ('emergency', 'fa', 'غش کرد و افتاد زمین'),
    ('emergency', 'ar', 'اغمي عليه ووقع'),
    ('emergency', 'so', 'wuu suuxay oo dhacay'),
]


@pytest.mark.parametrize("route,lang,text", FAMILIES)
def test_red_flag_families(route, lang, text):
    d = triage(text)
    assert d.language == lang
    assert d.route == route if route == "emergency" else d.route in ("crisis", "emergency"), d.matched


@pytest.mark.parametrize("child,adult", [
    ("ابني حرارته مرتفعة من امس", "عندي حرارة من امس"),
    ("بنتي عندها حمى", "عندي حمى وتعب"),
    ("mere bete ko bukhar hai", "mujhe bukhar hai"),
    ("میری بیٹی کو ہلکا بخار ہے", "مجھے ہلکا بخار ہے"),
    ("ਮੇਰੀ ਧੀ ਨੂੰ ਤਾਪ ਚੜ੍ਹਿਆ", "ਮੈਨੂੰ ਬੁਖਾਰ ਹੈ"),
])
def test_a_fever_word_follows_the_child_rule(child, adult):
    """Fever words sit under child_fever: a child's fever goes to 111, an adult's to a pharmacy."""
    assert triage(child).route == "nhs111"
    assert triage(adult).route == "pharmacy"


@pytest.mark.parametrize("route,text", [
    ("pharmacy", "copilul are dureri de ureche, are 6 ani"),
    ("pharmacy", "mane gala ma dukhe che"),
    ("pharmacy", "મને ગળામાં દુખે છે"),
    ("gp", "sideen iska diiwaangeliyaa dhakhtar"),
    ("gp", "میخوام تو مطب ثبت نام کنم"),
    ("nhs111", "ਅੱਜ ਪਿਸ਼ਾਬ ਬਹੁਤ ਘੱਟ ਆਇਆ"),
    ("nhs111", "aaj peshab bohat kam aya hai"),
    ("nhs111", "আজ প্রস্রাব খুব কম হচ্ছে"),
    ("nhs111", "mi hijo casi no orina desde ayer"),
    ("nhs111", "dziecko prawie nie sika od rana"),
    ("nhs111", "ابني بوله قليل اليوم"),
    ("nhs111", "குழந்தைக்கு சிறுநீர் வரல"),
])
def test_inflected_and_reordered_wording(route, text):
    """Plural and verb forms, word order, and passing very little urine (111) in several languages."""
    assert triage(text).route == route

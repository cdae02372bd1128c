"""Red-team probes, round 4: other 999 signs and crisis wording told as residents would (chest pain spreading to
the arm or jaw, FAST stroke signs, throat closing after nuts or a sting, fits that do not stop, scalds on a child,
choking, labour, bleach, an attacker now; self-harm urges, voices, panic and not coping), in the 13 languages,
romanised and mixed with English. Wording written for these tests, not taken from the evaluation set."""
import pytest

from navigator.triage import triage

# (expected route, language, message)
SIGNS = [
    ('emergency', 'en', 'my husband has this crushing pressure in his chest going down his left arm'),
    ('emergency', 'en', 'i think mum is having a heart atack, pain going into her jaw'),
    ('emergency', 'en', 'dads face has gone droopy on one side and his words are all slurred'),
    ('emergency', 'en', 'my son ate a cashew and now his throat feels like its closing up'),
    ('crisis', 'en', 'the voices are telling me to hurt myself and i cant cope anymore'),
    ('emergency', 'pl', 'tata ma silny ucisk w klatce i bol idzie do lewej reki'),
    ('emergency', 'pl', 'mamie opadl kacik ust i belkocze, reka jej oslabla'),
    ('emergency', 'pl', 'corka zadlila ja osa i puchnie jej gardlo, nie moze oddychac'),
    ('emergency', 'pl', 'syn oparzyl sie wrzatkiem, cala noga w pecherzach'),
    ('crisis', 'pl', 'mam atak paniki ktory nie mija, nie daje rady juz'),
    ('emergency', 'ro', 'sotul are o durere puternica in piept care merge in brat'),
    ('emergency', 'ro', 'tatalui i-a cazut fata intr-o parte si vorbeste incurcat'),
    ('emergency', 'ro', 'copilul s-a inecat cu o bomboana si nu poate respira'),
    ('emergency', 'ro', 'bebelusul are o eruptie care nu dispare sub pahar'),
    ('crisis', 'ro', 'aud voci care imi spun sa ma ranesc'),
    ('emergency', 'ar', 'ابوي عنده الم شديد في صدره ينزل على ذراعه'),
    ('emergency', 'ar', 'baba 3ando waja3 fi sadro w ydo ta3bana'),
    ('emergency', 'ar', 'ابني اكل فول سوداني وحلقه بينقفل'),
    ('emergency', 'ar', 'في واحد معه سكين يهاجمنا الحين'),
    ('crisis', 'ar', 'bsma3 aswat bt2olli a2zi nafsi'),
    ('emergency', 'so', 'aabahay xabadka ayaa xanuun ka haya oo gacanta ayuu u fidayaa'),
    ('emergency', 'so', 'hooyaday wejigeeda ayaa dhinac u dhacay hadalkuna wuu qalloocan yahay'),
    ('emergency', 'so', 'ilmaha ayaa neefsan kari waayay wax ayaa cunaha ku xiran'),
    ('emergency', 'so', 'naagtayda waa foolanaysaa hadda ilmaha wuu soo baxayaa'),
    ('crisis', 'so', 'waxaan maqlayaa codad ii sheegaya inaan is dilo'),
    ('emergency', 'pt', 'meu pai ta com uma dor no peito que vai pro braco esquerdo'),
    ('emergency', 'pt', 'a boca da minha mae entortou e ela ta falando enrolado'),
    ('emergency', 'pt', 'meu filho bebeu agua sanitaria'),
    ('emergency', 'pt', 'minha esposa ta tendo uma convulsao que nao para'),
    ('crisis', 'pt', 'to com vontade de me cortar de novo'),
    ('emergency', 'es', 'mi padre tiene un dolor de pecho fuerte que le baja al brazo'),
    ('emergency', 'es', 'a mi abuela se le cayo la cara de un lado y no puede hablar bien'),
    ('emergency', 'es', 'mi hija se quemo con agua hirviendo, tiene ampollas en todo el brazo'),
    ('emergency', 'es', 'mi mujer esta de parto, ya viene el bebe'),
    ('crisis', 'es', 'oigo voces que me dicen que me haga dano'),
    ('emergency', 'gu', 'મારા પપ્પાને છાતીમાં દુખાવો છે અને ડાબા હાથમાં જાય છે'),
    ('emergency', 'gu', 'mara papa ne chhati ma dabaan che ane dukhavo hath ma jay che'),
    ('emergency', 'gu', 'બાળક ગળામાં કંઈક અટકી ગયું છે, શ્વાસ નથી લઈ શકતું'),
    ('emergency', 'gu', 'mummy nu moh ek baju lataki gayu ane bolva ma taklif'),
    ('crisis', 'gu', 'mane potane nuksan pahochadvanu man thay che'),
    ('emergency', 'ur', 'ابو کے سینے میں شدید دباؤ ہے اور درد بازو میں جا رہا ہے'),
    ('emergency', 'ur', 'ammi ka mun tera ho gaya hai aur zaban larkhara rahi hai'),
    ('emergency', 'ur', 'bachay ne bleach pee liya hai'),
    ('emergency', 'ur', 'mere bhai ko daura para hai aur ruk nahi raha'),
    ('crisis', 'ur', 'mujhe awazein sunai deti hain jo kehti hain khud ko nuqsan pohnchao'),
    ('emergency', 'ta', 'அப்பாவுக்கு நெஞ்சு வலி இடது கைக்கு போகுது'),
    ('emergency', 'ta', 'amma mugam oru pakkam kooniduchu, pesa mudiyala'),
    ('emergency', 'ta', 'pappa ku moochu vida mudiyala, thondaiyil ethavo maatikichu'),
    ('emergency', 'ta', 'என் மனைவிக்கு பிரசவ வலி, குழந்தை வருது'),
    ('crisis', 'ta', 'enakku ennaye kaayapaduthikanum pola irukku'),
    ('emergency', 'fa', 'پدرم درد شدید قفسه سینه داره که به دستش میزنه'),
    ('emergency', 'fa', 'صورت مادرم کج شده و نمیتونه درست حرف بزنه'),
    ('emergency', 'fa', 'pesaram bade zanbor gaz gereft gelosh varam karde nafas nemikeshe'),
    ('emergency', 'fa', 'بچه ام وایتکس خورده'),
    ('crisis', 'fa', 'صداهایی میشنوم که میگن به خودم آسیب بزنم'),
    ('emergency', 'bn', 'বাবার বুকে প্রচণ্ড চাপ আর ব্যথা বাম হাতে যাচ্ছে'),
    ('emergency', 'bn', 'ammur mukh ekdik e beke geche, kotha jorie jacche'),
    ('emergency', 'bn', 'বাচ্চার গায়ে গরম পানি পড়ে পুড়ে গেছে'),
    ('emergency', 'bn', 'amar bou er proshob betha shuru hoyeche, baccha beriye ashche'),
    ('crisis', 'bn', 'নিজেকে আঘাত করতে ইচ্ছা করছে'),
    ('emergency', 'pa', 'ਮੇਰੇ ਡੈਡੀ ਦੀ ਛਾਤੀ ਵਿੱਚ ਬਹੁਤ ਦਰਦ ਹੈ ਜੋ ਬਾਂਹ ਵੱਲ ਜਾਂਦਾ ਹੈ'),
    ('emergency', 'pa', 'bapu da moonh ikk paase dhill gaya te bol nahi hunda'),
    ('emergency', 'pa', 'ਮੇਰੇ ਮੁੰਡੇ ਨੂੰ ਦੌਰਾ ਪਿਆ ਹੈ ਜੋ ਰੁਕ ਨਹੀਂ ਰਿਹਾ'),
    ('emergency', 'pa', 'میرے ابے دی چھاتی وچ درد اے تے بانہہ ول جاندا اے'),
    ('crisis', 'pa', 'mainu awaazan aundiyan ne jo kehndiyan ne apne aap nu nuksan kar'),
]


@pytest.mark.parametrize("route, lang, text", SIGNS)
def test_sign_routes(route, lang, text):
    decision = triage(text)
    assert decision.route == route, (text, decision.route, [m.term for m in decision.matched])


@pytest.mark.parametrize("route, lang, text", SIGNS)
def test_sign_language(route, lang, text):
    assert triage(text).language == lang


# Everyday blisters, hot water, sore throats and "hurt" wording near the new phrases must not be raised to 999 or crisis.
NOT_RAISED = [
    ('pl', 'mam pecherz na piecie od nowych butow'),
    ('es', 'tengo ampollas en los pies de tanto caminar'),
    ('pt', 'tenho uma bolha no pe do sapato novo'),
    ('ro', 'am o basica pe deget de la pantofi'),
    ('ar', 'حلقي بيوجعني شوي من امبارح'),
    ('bn', 'বাচ্চার গায়ে গরম আর পানি খাচ্ছে না'),
    ('bn', 'gorom pani diye gosol korchi'),
    ('ta', 'அவன் என்னையே காயப்படுத்தினான்'),
    ('ta', 'ennai kaayapaduthina vaarthai'),
    ('so', 'hadalka ilmaha wuu dib u dhacay'),
    ('en', 'the cat knocked the kettle but nobody got burnt'),
]


@pytest.mark.parametrize("lang, text", NOT_RAISED)
def test_not_raised(lang, text):
    assert triage(text).route not in ("emergency", "crisis")

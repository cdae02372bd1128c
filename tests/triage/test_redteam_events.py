"""Red-team probes, round 3: red flags told as events (a fall and not getting up, a head bleeding after a fall,
not responding, lots of blood, swallowed batteries, magnets or bleach, a baby struggling to breathe, fits) and
suicidal intent said indirectly (better off without me, goodbye letters), in the 13 languages, romanised and
mixed with English. Wording written for these tests, not taken from the evaluation set."""
import pytest

from navigator.triage import triage

# (expected route, language, message)
EVENTS = [
    ('emergency', 'en', 'my nan fell in the kitchen and isnt getting up, she wont answer me'),
    ('emergency', 'en', 'he fell down the stairs and banged his head, theres blood everywhere'),
    ('emergency', 'en', 'my toddler swallowed one of those button batteries from the remote'),
    ('emergency', 'en', 'my 4 month old is breathing really fast and sucking in under his ribs'),
    ('crisis', 'en', 'honestly everyone would be better off without me, i dont want to be here anymore'),
    ('emergency', 'pl', 'babcia sie przewrocila i nie moze wstac, nie odpowiada'),
    ('emergency', 'pl', 'syn polknal baterie guzikowa'),
    ('emergency', 'pl', 'maz ma drgawki i piane na ustach'),
    ('emergency', 'pl', 'mnostwo krwi leci z reki nie moge zatamowac'),
    ('crisis', 'pl', 'napisalam juz listy pozegnalne, wszystkim bedzie lepiej beze mnie'),
    ('emergency', 'ro', 'bunicul a cazut pe scari si s-a lovit la cap, sangereaza'),
    ('emergency', 'ro', 'copilul a inghitit o baterie'),
    ('emergency', 'ro', 'sotia nu raspunde si nu respira normal'),
    ('emergency', 'ro', 'i s-au umflat buzele si limba dupa alune, nu poate respira'),
    ('crisis', 'ro', 'nu mai vreau sa fiu aici, toti ar fi mai bine fara mine'),
    ('emergency', 'ar', 'ابي وقع من الدرج وراسه ينزف'),
    ('emergency', 'ar', 'ibni bala3 battariya'),
    ('emergency', 'ar', 'baba wi2e3 w mesh 3am yrod'),
    ('emergency', 'ar', 'بنتي شربت كلور'),
    ('crisis', 'ar', 'mish 3ayez a3eesh khalas, el kol a7san mn gheiri'),
    ('emergency', 'so', 'aabahay wuu dhacay mana kici karo'),
    ('emergency', 'so', 'ilmaha wuxuu liqay baytari'),
    ('emergency', 'so', 'dhiig badan ayaa ka imaanaya madaxa'),
    ('emergency', 'so', 'wiilka wuu gariirayaa oo suuxdin ayuu ku jiraa'),
    ('crisis', 'so', 'ma rabo inaan noolaado mar dambe'),
    ('emergency', 'pt', 'minha avo caiu e nao consegue levantar, nao responde'),
    ('emergency', 'pt', 'meu filho engoliu uma pilha'),
    ('emergency', 'pt', 'o bebe esta com dificuldade pra respirar, ficando roxo'),
    ('emergency', 'pt', 'ele tomou uma caixa inteira de remedios'),
    ('crisis', 'pt', 'nao quero mais estar aqui, todo mundo fica melhor sem mim'),
    ('emergency', 'es', 'mi abuelo se cayo por las escaleras y se golpeo la cabeza, sangra mucho'),
    ('emergency', 'es', 'mi hija se trago una pila de boton'),
    ('emergency', 'es', 'mi hijo bebio lejia'),
    ('emergency', 'es', 'esta convulsionando y no despierta'),
    ('crisis', 'es', 'ya escribi cartas de despedida, no quiero estar aqui'),
    ('emergency', 'gu', 'મારા દાદા પડી ગયા અને ઊભા થતા નથી'),
    ('emergency', 'gu', 'mara dikra e battery gali gayo'),
    ('emergency', 'gu', 'ghanu lohi nikle chhe bandh nathi thatu'),
    ('emergency', 'gu', 'baa bolta nathi ane jagta nathi'),
    ('crisis', 'gu', 'have mare jivvu nathi, badha mara vagar sukhi rehse'),
    ('emergency', 'ur', 'abbu seerhiyon se gir gaye sar pe chot khoon nikal raha hai'),
    ('emergency', 'ur', 'mere bete ne battery nigal li'),
    ('emergency', 'ur', 'ammi behosh ho gayi hain jawab nahi de rahi'),
    ('emergency', 'ur', 'میرے بچے کو سانس لینے میں بہت مشکل ہو رہی ہے'),
    ('crisis', 'ur', 'main ab yahan nahi rehna chahta, sab mere baghair khush rahenge'),
    ('emergency', 'ta', 'appa kizhe vizhunthutar ezhunthirikka mudiyala'),
    ('emergency', 'ta', 'kuzhanthai battery mulungiduchu'),
    ('emergency', 'ta', 'நிறைய ரத்தம் போகுது நிக்கவே இல்லை'),
    ('emergency', 'ta', 'amma pesa maatranga, kannu thirakkala'),
    ('crisis', 'ta', 'naan inime irukka virumbala, ellarukkum naan illama nallathu'),
    ('emergency', 'fa', 'پدربزرگم از پله افتاد و سرش خون میاد'),
    ('emergency', 'fa', 'bacham batri ghoort dad'),
    ('emergency', 'fa', 'madaram javab nemide va nafas nemikeshe'),
    ('emergency', 'fa', 'tashannoj karde va hoshyar nist'),
    ('crisis', 'fa', 'dige nemikham inja basham, hame bedoone man rahat tarand'),
    ('emergency', 'bn', 'dadu pore gese ar uthte parche na'),
    ('emergency', 'bn', 'amar baccha battery gile feleche'),
    ('emergency', 'bn', 'অনেক রক্ত পড়ছে থামছে না'),
    ('emergency', 'bn', 'ma kotha bolche na, sara dicche na'),
    ('crisis', 'bn', 'ami ar ekhane thakte chai na, amake chara sobai bhalo thakbe'),
    ('emergency', 'pa', 'ਦਾਦੀ ਡਿੱਗ ਪਈ ਤੇ ਉੱਠ ਨਹੀਂ ਰਹੀ'),
    ('emergency', 'pa', 'mere munde ne battery nigal layi'),
    ('emergency', 'pa', 'bahut khoon vag reha hai ruk nahi reha'),
    ('emergency', 'pa', 'ਬੱਚੇ ਨੂੰ ਦੌਰੇ ਪੈ ਰਹੇ ਨੇ'),
    ('crisis', 'pa', 'main hun ethe nahi rehna chaunda, sab mere bina khush rehnge'),
    ('crisis', 'en', 'i wrote letters to say goodbye to my kids'),
    ('crisis', 'en', 'everyone would be better off if i wasnt around'),
    ('emergency', 'en', 'mum fell in the bathroom cant get up'),
    ('emergency', 'en', 'she swallowed a magnet'),
    ('emergency', 'gu', 'ghanu badhu lohi vahe chhe'),
    ('emergency', 'ur', 'dadi gir gayi uth nahi sakti'),
    ('emergency', 'pa', 'nana ji poudiyan ton digg paye te sir ton khoon vag reha'),
]


@pytest.mark.parametrize("route, lang, text", EVENTS)
def test_event_routes(route, lang, text):
    decision = triage(text)
    assert decision.route == route, (text, decision.route, [m.term for m in decision.matched])


@pytest.mark.parametrize("route, lang, text", EVENTS)
def test_event_language(route, lang, text):
    assert triage(text).language == lang


# Everyday falls, speech and "here" wording near the new phrases must not be raised to 999 or crisis.
NOT_RAISED = [
    ('en', 'I fell from the stairs and hurt my ankle'),
    ('gu', 'sidi thi padi gayo ane pag ma dukhavo'),
    ('fa', 'az pele oftadam va pam dard mikone'),
    ('en', 'cant get up in the mornings, always tired'),
    ('en', 'my battery on my phone died, need help with universal credit'),
    ('ur', 'yahan nahi rehna chahta, ghar chahiye'),
    ('gu', 'mara dikro hju bolto nathi, 2 varas no che'),
    ('bn', 'amar chele ekhono kotha bole na'),
    ('en', 'I want to write a letter to my GP'),
]


@pytest.mark.parametrize("lang, text", NOT_RAISED)
def test_not_raised(lang, text):
    assert triage(text).route not in ("emergency", "crisis")

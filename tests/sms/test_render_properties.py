"""Property tests for the SMS renderer: at most 3 segments, valid TwiML, and the 999 line kept for emergencies."""
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from navigator.conversation import Reply
from navigator.conversation.state import ConversationState
from navigator.sms import twiml
from navigator.sms.reply import sms_text
from navigator.sms.segments import sms_size

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None)
# Words in the scripts residents write in, and the odd character that forces UCS-2 or is invalid in XML.
words = st.text(alphabet=st.sampled_from(list("abcdefghij klmnop€[]{}ąęłśżźäöü") + list("صيدلية ") + list("ਫਾਰਮੇਸੀ ") + ["\x01", "\ufffe", "&", "<"]),
                min_size=1, max_size=60)
lines = st.lists(words, max_size=6)
blocks = st.lists(st.lists(words, min_size=1, max_size=4), max_size=6)
EMERGENCY_LINES = ["Call 999 now.", "Ffoniwch 999", "Zadzwoń pod 999 teraz.", "اتصل بالرقم 999 الآن."]


def reply(head, body, tail, route="pharmacy"):
    return Reply("sms:x", "en", route, list(head), blocks=[list(b) for b in body], tail=list(tail))


@SETTINGS
@given(lines, blocks, lines)
def test_any_reply_fits_in_three_segments(head, body, tail):
    state = ConversationState(id="sms:x", channel="sms", shown=list(range(len(body))), offset=len(body))
    text = sms_text(reply(head, body, tail), state)
    assert sms_size(text).segments <= 3


@SETTINGS
@given(st.sampled_from(EMERGENCY_LINES), lines, blocks, lines)
def test_an_emergency_reply_keeps_its_999_line(first, head, body, tail):
    state = ConversationState(id="sms:x", channel="sms", shown=list(range(len(body))), offset=len(body))
    text = sms_text(reply([first, *head], body, tail, route="emergency"), state)
    assert sms_size(text).segments <= 3
    assert text.startswith(first) and "999" in text


@SETTINGS
@given(st.text(max_size=500))
def test_twiml_is_valid_xml_for_any_text(text):
    body = twiml(text).get_data(as_text=True)
    root = ET.fromstring(body)  # raises on a character XML 1.0 does not allow
    assert root.tag == "Response"
    message = root.find("Message")
    if message is not None:
        assert "999" in (message.text or "") or "999" not in text

"""Property test for the API's JSON body reader: any bytes give a 200 or a 4xx in the contract's shape, never a 500."""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["text", "lang", "session", "location", "x"]), inner, max_size=4),
    max_leaves=20,
)


def _check(response):
    assert response.status_code == 200 or 400 <= response.status_code < 500, response.status_code
    body = response.get_json()
    if response.status_code != 200:
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["/api/v1/triage", "/api/v1/chat"]),
       st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded"]))
def test_any_bytes(client, body, path, content_type):
    _check(client.post(path, data=body, content_type=content_type))


@SETTINGS
@given(json_values, st.sampled_from(["/api/v1/triage", "/api/v1/chat"]))
def test_any_json_value(client, value, path):
    _check(client.post(path, data=json.dumps(value), content_type="application/json"))

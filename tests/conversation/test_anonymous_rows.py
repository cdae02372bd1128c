"""Anonymous first turns with nothing to remember store nothing; a real conversation still continues."""
import re

from sqlalchemy import func, select

from navigator.conversation.models import Conversation


def rows(app):
    from navigator import db

    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(Conversation))


def test_200_anonymous_hellos_on_the_api_store_nothing(app, client):
    before = rows(app)
    for _ in range(200):
        response = client.post("/api/v1/chat", json={"text": "hi"})
        assert response.status_code == 200 and response.get_json()["session"]
    assert rows(app) - before < 5  # used to be 200 (2,000 anonymous posts added 2,000 rows)


def test_200_page_views_without_a_cookie_store_nothing(app):
    before = rows(app)
    for _ in range(200):
        assert app.test_client().get("/").status_code == 200
    assert rows(app) - before < 5


def test_a_conversation_that_starts_with_hi_still_continues_on_the_api(client):
    hello = client.post("/api/v1/chat", json={"text": "hi"}).get_json()
    # The client goes on with the session each reply returns (the contract's rule), as chat.js does.
    need = client.post("/api/v1/chat", json={"text": "I have a really sore throat", "session": hello["session"]}).get_json()
    assert need["next"] == "location"
    place = client.post("/api/v1/chat", json={"text": "W12 0HS", "session": need["session"]}).get_json()
    assert place["session"] == need["session"] and place["route"] == "pharmacy" and place["services"]


def test_a_two_turn_conversation_works_on_the_api(app, client):
    first = client.post("/api/v1/chat", json={"text": "I have a really sore throat"}).get_json()
    assert first["next"] == "location"
    second = client.post("/api/v1/chat", json={"text": "W12 0HS", "session": first["session"]}).get_json()
    assert second["route"] == "pharmacy" and len(second["services"]) == 3


def test_a_two_turn_conversation_works_on_the_web_page(app):
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    client.get("/")
    assert client.post("/", data={"text": "I have a really sore throat"}).status_code == 303
    assert "postcode" in client.get("/").get_data(as_text=True).lower()
    assert client.post("/", data={"text": "W12 0HS"}).status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert re.search(r"km", page) and "sore throat" in page


def test_the_enhanced_page_goes_on_under_its_own_key(app):
    """chat.js posts the page's key first: the reply keeps it, so a reload shows the same transcript."""
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    key = re.search(r'data-session="([^"]+)"', page).group(1)
    reply = client.post("/api/v1/chat", json={"text": "I have a really sore throat", "session": key}).get_json()
    assert reply["session"] == key
    assert "sore throat" in client.get("/").get_data(as_text=True)
    stranger = app.test_client().post("/api/v1/chat", json={"text": "I need a GP", "session": key + "x"}).get_json()
    assert stranger["session"] != key + "x"  # an id a client makes up is never adopted

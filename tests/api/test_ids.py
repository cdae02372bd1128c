"""Ids in URLs beyond what the database holds are a 404, not an integer overflow inside the database."""
import pytest


@pytest.mark.parametrize("service_id", ["2147483648", "9223372036854775808", "99999999999999999999999"])
def test_a_huge_service_id_is_a_404(client, service_id):
    response = client.get(f"/api/v1/services/{service_id}")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/report/{service_id}", headers={"Accept": "text/html"}).status_code == 404


def test_the_largest_id_is_still_looked_up(client):
    assert client.get("/api/v1/services/2147483647").status_code == 404
    assert client.get("/api/v1/services/1").status_code == 200

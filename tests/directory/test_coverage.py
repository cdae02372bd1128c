"""`navigator directory coverage` and the need rules it rests on, on SQLite and PostgreSQL."""
import yaml
from sqlalchemy import select

from navigator.config import DATA_DIR
from navigator.directory.coverage import HEALTH_ROUTES, NEED_GROUPS, directory_coverage
from navigator.directory.models import NWL_BOROUGHS, Service


def test_every_service_of_a_need_bearing_category_has_a_need(db):
    no_need = yaml.safe_load((DATA_DIR / "category_needs.yaml").read_text())["no_triage_need"]
    assert all(reason.strip() for reason in no_need.values())
    active = db.scalars(select(Service).where(Service.status == "active")).all()
    without = [(s.source_id, s.category) for s in active if s.category not in no_need and not s.need_ids]
    assert without == []


def test_every_need_id_is_a_triage_need(db):
    needs = set(yaml.safe_load((DATA_DIR / "triage" / "needs.yaml").read_text()))
    used = {n for s in db.scalars(select(Service)).all() for n in s.need_ids}
    assert used <= needs


def test_coverage_counts_contactable_offers_and_wide_ones_everywhere(db):
    cov = directory_coverage(db)
    national = [s for s in db.scalars(select(Service).where(Service.status == "active", Service.route == "voluntary")).all()
                if s.coverage in ("national", "england", "london") and not s.boroughs_served and "debt" in s.need_ids
                and any(c.kind in ("phone", "email", "website") for c in s.contacts)]
    assert national
    for borough in NWL_BOROUGHS:
        total, local = cov.cells[borough, "debt/money"]
        assert total >= len(national) and total - local >= len(national)
        for route in ("gp", "pharmacy", "dental"):
            assert cov.cells[borough, route][0] >= 10, (borough, route)
    pharmacies = cov.hours["community_pharmacy"]
    assert pharmacies["sourced"] / sum(pharmacies.values()) >= 0.95
    assert cov.dates["community_pharmacy"] == {"2025/26": pharmacies["sourced"]}
    assert cov.hours["urgent_treatment_centre"]["unconfirmed"] >= 1


def test_the_coverage_command_prints_both_tables(runner):
    result = runner.invoke(args=["directory", "coverage"])
    assert result.exit_code == 0, result.output
    for column in list(NEED_GROUPS) + list(HEALTH_ROUTES):
        assert column in result.output
    for borough in ("Brent", "Ealing", "H&F", "Harrow", "Hillingdon", "Hounslow", "K&C", "Westminster"):
        assert f"| {borough} |" in result.output
    assert "| community_pharmacy | 476 |" in result.output
    assert "2025/26 ×" in result.output

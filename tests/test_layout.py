"""The triage engine is plain Python: importing it loads neither Flask nor a database layer."""
import subprocess
import sys


def test_triage_imports_without_flask_or_sqlalchemy():
    code = (
        "import sys; import navigator.triage as t; t.triage('chest pain');"
        "bad = [m for m in ('flask', 'sqlalchemy', 'werkzeug', 'flask_babel') if m in sys.modules];"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_a_broken_lexicon_stops_the_app_from_starting(tmp_path, monkeypatch):
    import shutil

    import pytest

    from navigator import create_app
    from navigator.config import DATA_DIR
    from navigator.triage import lexicon

    broken = tmp_path / "triage"
    shutil.copytree(DATA_DIR / "triage", broken)
    (broken / "lexicon" / "pl.yaml").write_text("needs: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(lexicon, "_cached", None)
    monkeypatch.setattr(lexicon, "TRIAGE_DATA", broken)
    with pytest.raises(lexicon.LexiconError):
        create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})

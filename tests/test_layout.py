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

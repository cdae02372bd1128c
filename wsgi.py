"""gunicorn entry point: `gunicorn wsgi:app`."""
from navigator import create_app

app = create_app()

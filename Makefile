# navigator — make run (serve on SQLite with the bundled directory), make test (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve test test-fast bench eval translations compile-translations browser setup clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed compile-translations

compile-translations: $(VENV)/.installed
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
		$(BIN)/pybabel compile --statistics -d translations 2>&1 | tail -n 1; fi

# A signing key made once per checkout (mode 0600, never committed), so `make run` serves several workers
# with one key and sessions survive restarts. Production sets SECRET_KEY or SECRET_KEY_FILE itself.
instance/secret_key: | $(BIN)/python
	@mkdir -p instance
	@umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@
	@echo "made a signing key in $@"

## make run: set up, migrate, load directory_data/ into SQLite, serve with gunicorn.conf.py on 127.0.0.1:$(PORT)
run: setup instance/secret_key
	$(BIN)/navigator db upgrade
	$(BIN)/navigator directory load
	SECRET_KEY_FILE="$${SECRET_KEY_FILE:-$(CURDIR)/instance/secret_key}" \
		$(BIN)/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers $(WORKERS) wsgi:app

## make test: set up with test extras and Chromium (as root), then run the whole suite
test: $(VENV)/.installed-test compile-translations browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-test compile-translations
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

# Debian's Chromium for browser tests, and Noto fonts so Gujarati, Tamil, Bengali and Gurmukhi render
# in screenshots as they do on residents' phones.
BROWSER_PACKAGES := chromium chromium-driver fonts-noto-core
browser:
	@if [ -x /usr/bin/chromium ] && [ -d /usr/share/fonts/truetype/noto ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		echo "installing $(BROWSER_PACKAGES) for browser tests ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	else echo "Chromium missing: run 'sudo apt-get install $(BROWSER_PACKAGES)' for browser tests"; fi

LANGS := pl ro ar so pt es gu ur ta fa bn pa

## make translations: extract every translatable string, update the 12 catalogs, compile them
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k "ngettext:1,2" --add-comments=TRANSLATORS: --sort-by-file \
		--project=navigator --copyright-holder="navigator contributors" -o translations/messages.pot .
	@for lang in $(LANGS); do \
		if [ -f translations/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations -l $$lang; \
		else $(BIN)/pybabel init -i translations/messages.pot -d translations -l $$lang; fi; \
	done
	$(MAKE) compile-translations

## make bench: benchmarks (not tests); each prints a table
bench: $(VENV)/.installed-test compile-translations
	$(BIN)/python bench/triage_bench.py
	$(BIN)/python bench/api_bench.py
	@if [ -f bench/search_bench.py ]; then $(BIN)/python bench/search_bench.py; fi
	$(BIN)/python bench/places_bench.py

## make eval: score the triage engine in-process on the labelled dev set
eval: $(VENV)/.installed
	$(BIN)/python bench/triage_eval.py --coverage ../shared/eval/triage_dev.jsonl

clean:
	rm -rf $(VENV) instance/*.db test-output

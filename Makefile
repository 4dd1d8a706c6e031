# The two quick-start commands: `make demo` and `make test`.
# Each creates the virtual environment it needs in .venv: `demo` installs only
# what borderwatch needs at run time (no compiler, well under a minute on a
# fresh machine); `test` adds the dev extras (pytest, mypy, ruff, playwright, psycopg).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit browser unihan bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# An editable install leaves the sources uncompiled, and where PYTHONDONTWRITEBYTECODE
# is set every command would compile them again (a tenth of a second of each
# `borderwatch classify`): they are byte-compiled once here, as pip does for a wheel.
$(RUNTIME_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python -m compileall -q src >/dev/null
	touch $(RUNTIME_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m compileall -q src >/dev/null
	touch $(STAMP) $(RUNTIME_STAMP)

demo: $(RUNTIME_STAMP)
	$(BIN)/borderwatch demo

test: $(STAMP) browser unihan lint typecheck unit

# The browser tests drive Debian's chromium through Playwright (no browser
# download). Installed here when missing and we may, with the Noto CJK fonts
# the screenshots of Korean and Chinese pages need; otherwise the browser
# tests are skipped on a workstation and fail under CI=true.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed (sudo apt-get install chromium): the browser test will be skipped"; fi; }
	@fc-list 2>/dev/null | grep -qi "noto sans cjk" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Noto CJK fonts, so the screenshots show Korean and Chinese"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }; \
	  else echo "no CJK fonts (sudo apt-get install fonts-noto-cjk): screenshots show boxes for Korean and Chinese"; fi; }

# Unicode's Han database (Debian's unicode-data): the test that the shipped Han -> Hangul
# table is what scripts/build_hangul_readings.py writes reads it. Installed like chromium.
unihan:
	@test -f /usr/share/unicode/Unihan_Readings.txt.bz2 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's unicode-data for the Han readings test"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unicode-data >/dev/null 2>&1 || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq unicode-data >/dev/null; }; \
	  else echo "no Unihan data (sudo apt-get install unicode-data): the Han table test will be skipped"; fi; }

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy src/borderwatch

# one test process per core (pytest-xdist): each has its own data folder and
# PostgreSQL databases, so none sees another's store
unit: $(STAMP)
	$(BIN)/python -m pytest -q -n auto

# Measurements only; calibrate.py and make_party_queries.py build data and are run by hand.
BENCHMARKS := screen classify classify_start classify_long embeddings parties simulate displacement startup \
  targeting_customs targeting_baggage targeting_scale

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	for b in $(BENCHMARKS); do $(BIN)/python benchmarks/$$b.py || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info

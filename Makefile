# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done

.PHONY: run test setup screenshots bench clean fuzz

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m ui.cli.main gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Every input boundary fuzzed with many more examples than the suite's quick run (tests/support/fuzz.py);
# the per-boundary counts (tried / refused / unhandled) are printed and written to fuzz-report.json.
fuzz: $(STAMP)
	EKTP_FUZZ=1 EKTP_FUZZ_REPORT=fuzz-report.json QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m fuzz -q tests/fuzz

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.gui.screenshots docs/screenshots

bench: $(STAMP)
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info

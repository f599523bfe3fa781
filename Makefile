# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done

.PHONY: run test setup screenshots bench clean

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m ui.cli.main gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.gui.screenshots docs/screenshots

bench: $(STAMP)
	$(PY) -m bench.run_all

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info

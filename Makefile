# Two commands on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-done

.PHONY: run test setup screenshots bench clean installer installer-smoke fuzz

$(STAMP): pyproject.toml scripts/setup.sh
	bash scripts/setup.sh
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) -m ui.station gui

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

# The frozen station for a field laptop: dist/station/ and dist/ektp-station-<version>-<os>-<arch>.tar.gz
# (docs/installer.md). PyInstaller's work folder build/installer is reused between builds.
INSTALLER_STAMP := $(VENV)/.installer-done
# The smoke test runs on the system's Python 3.11+ (standard library only), never the .venv.
SYSTEM_PYTHON ?= $(shell PATH=/usr/bin:/bin command -v python3 || command -v python3)

$(INSTALLER_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install -q -e '.[installer]'
	touch $(INSTALLER_STAMP)

installer: $(INSTALLER_STAMP)
	$(PY) scripts/build_installer.py

installer-smoke: installer
	env -u VIRTUAL_ENV -u PYTHONPATH -u PYTHONHOME $(SYSTEM_PYTHON) scripts/smoke_frozen.py
	env -u VIRTUAL_ENV -u PYTHONPATH -u PYTHONHOME $(SYSTEM_PYTHON) scripts/smoke_office.py

clean:
	rm -rf $(VENV) .pytest_cache build dist *.egg-info

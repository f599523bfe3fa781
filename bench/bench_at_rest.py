"""Encryption at rest, before and after, side by side in one run.

Three figures, each measured in fresh processes for the plaintext code (the
release before encryption: a tree of ``--plain-ref``, default the branch's base
on main, unpacked with ``git archive``) and for this tree (SQLCipher + AES-GCM):

* ``save_ms``: ``EnrolmentService.save`` of one enrolment (record built, blobs and
  rows written in one transaction), median over ``--saves`` demo enrolments;
* ``gallery_load_s``: the duplicate search's gallery load (``DuplicateChecker.refresh``)
  from a database holding ``--enrolments`` saved enrolments (two templates each);
* ``gui_to_login_s``: from the start of a process to the GUI's log-in form shown.

Rounds alternate plaintext and encrypted (``--rounds``), medians are reported.
Run: ``python -m bench.bench_at_rest [--enrolments 5000] [--saves 5] [--repeat 3] [--rounds 2]``.
Target: each encrypted figure within 15 % of the plaintext one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PLAIN_REF = "0241de8"  # main just before encryption at rest landed (every other issue in it)
PASSWORD = "bench-sandi-123"

# Runs in the measured tree (either API): opens a station, unlocking it when the tree has a lock.
PRELUDE = textwrap.dedent('''
    import json, os, statistics, sys, time
    T0 = time.perf_counter()
    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.paths import StationPaths

    def open_station(config=None):
        paths = StationPaths.default()
        paths.ensure()
        station = build_station(config or from_mapping({}, paths), log_to_file=False)
        if hasattr(station, "vault"):
            if station.operators.has_supervisor():
                station.operators.authenticate("bench", "%s")
            else:
                station.operators.create_first_supervisor("bench", "Bench Supervisor", "%s")
        elif not station.operators.has_supervisor():
            station.operators.create_first_supervisor("bench", "Bench Supervisor", "%s")
        return station
''' % (PASSWORD, PASSWORD, PASSWORD))  # noqa: UP031 (a code template: braces in it would need escaping)

SAVE = PRELUDE + textwrap.dedent('''
    from app.services.demo import run_demo
    station = open_station()
    service = station.enrolments
    original, times = service.save, []
    def timed(uuid):
        started = time.perf_counter()
        try:
            return original(uuid)
        finally:
            times.append((time.perf_counter() - started) * 1000)
    service.save = timed
    run_demo(station, int(sys.argv[1]))
    station.close()
    print(json.dumps({"save_ms": times}))
''')

FILL = PRELUDE + textwrap.dedent('''
    import datetime as dt
    import numpy as np
    from sqlalchemy import insert
    from app.biometrics.templates import ISO_FORMAT, descriptor_bytes
    from app.domain.enums import EnrolmentStatus, Sex
    from app.storage.models import Applicant, BiometricTemplate, Enrolment, new_uuid
    from app.biometrics.templates import write_iso_template

    def random_template(rng, count):  # minutiae on a finger-shaped ellipse (both trees have the writer)
        angle, radius = rng.uniform(0, 2 * np.pi, count), np.sqrt(rng.uniform(0, 1, count))
        x, y = 160 + 130 * radius * np.cos(angle), 200 + 170 * radius * np.sin(angle)
        direction = np.mod(np.arctan2(y - 200, x - 160) + rng.normal(0, 0.2, count), 2 * np.pi)
        return write_iso_template(np.column_stack([x, y, direction]).astype(np.float32), 320, 400)
    count = int(sys.argv[1])
    station = open_station()
    rng = np.random.default_rng(2026)
    now = dt.datetime.now(dt.UTC)
    with station.db.session() as session:
        session.execute(insert(Applicant), [
            {"id": i + 1, "nik": f"3573010101{i:06d}", "name": f"BENCH {i}", "birth_date": dt.date(2008, 1, 1),
             "sex": Sex.MALE} for i in range(count)])
        session.execute(insert(Enrolment), [
            {"id": i + 1, "uuid": new_uuid(), "applicant_id": i + 1, "status": EnrolmentStatus.BIO_CAPTURED,
             "captured_at": now} for i in range(count)])
        rows = []
        for i in range(count):
            for slug in ("right_index", "left_index"):
                data = random_template(rng, int(rng.integers(40, 90)))
                rows.append({"enrolment_id": i + 1, "position": slug, "format": ISO_FORMAT, "data": data,
                             "prefilter": descriptor_bytes(data)})
        session.execute(insert(BiometricTemplate), rows)
    station.close()
''')

LOAD = PRELUDE + textwrap.dedent('''
    from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
    station = open_station()
    times = []
    for _ in range(int(sys.argv[1])):
        checker = DuplicateChecker(station.db, settings=DuplicateSettings())
        started = time.perf_counter()
        size = checker.refresh()
        times.append(time.perf_counter() - started)
    station.close()
    print(json.dumps({"gallery_load_s": times, "templates": size}))
''')

GUI = PRELUDE + textwrap.dedent('''
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QApplication
    from ui.gui.main_window import MainWindow
    app = QApplication.instance() or QApplication(["bench-at-rest"])
    station = build_station(log_to_file=False)
    window = MainWindow(station, open_devices=False)
    window.show()
    page = window.login_page
    shown = []
    original = page._show_form
    def show_form(has_supervisor):
        original(has_supervisor)
        shown.append(has_supervisor)
    page._show_form = show_form
    page.refresh()  # the same answer as the window's own first refresh, observed
    end = time.monotonic() + 60
    while time.monotonic() < end and not shown:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
    elapsed = time.perf_counter() - T0
    window.close()
    station.close()
    print(json.dumps({"gui_to_login_s": elapsed}))
''')


def unpack_plain_tree(ref: str, into: Path) -> Path:
    """The code of ``ref`` as files (``git archive``), without touching any worktree."""
    archive = into / "plain.tar"
    with open(archive, "wb") as handle:
        subprocess.run(["git", "-C", str(ROOT), "archive", ref], stdout=handle, check=True)
    tree = into / "plain"
    tree.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "app"), str(tree / "ui"),
                    str(tree / "drivers")], check=False)  # byte-compiled like the tree it is compared with
    return tree


def run_in(tree: Path, script: str, home: Path, *args: str) -> dict:
    env = {**os.environ, "STATION_HOME": str(home), "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=tree, env=env, capture_output=True,
                            text=True, check=False, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"benchmark step failed in {tree}:\n{result.stderr[-3000:]}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else {}


FIGURES = ("save_ms", "gallery_load_s", "gui_to_login_s")


def measure(tree: Path, work: Path, args: argparse.Namespace) -> dict[str, float]:
    save_home, gallery_home = work / "save-home", work / "gallery-home"
    result: dict[str, float] = {}
    if "save_ms" in args.figures or "gui_to_login_s" in args.figures:
        saves = run_in(tree, SAVE, save_home, str(args.saves))["save_ms"]
        result["save_ms"] = round(statistics.median(saves), 1)
    if "gallery_load_s" in args.figures:
        run_in(tree, FILL, gallery_home, str(args.enrolments))
        loads = run_in(tree, LOAD, gallery_home, str(args.repeat))
        result["gallery_load_s"] = round(statistics.median(loads["gallery_load_s"]), 3)
        result["gallery_templates"] = loads["templates"]
    if "gui_to_login_s" in args.figures:
        gui = [run_in(tree, GUI, save_home)["gui_to_login_s"] for _ in range(args.repeat)]
        result["gui_to_login_s"] = round(statistics.median(gui), 3)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=5000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="plaintext/encrypted rounds, alternated")
    parser.add_argument("--plain-ref", default=DEFAULT_PLAIN_REF)
    parser.add_argument("--figures", type=lambda t: tuple(t.split(",")), default=FIGURES,
                        help="comma-separated subset of " + ",".join(FIGURES))
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-at-rest-") as temp:
        work = Path(temp)
        plain_tree = unpack_plain_tree(args.plain_ref, work)
        runs: dict[str, list[dict[str, float]]] = {"plain": [], "encrypted": []}
        for round_ in range(args.rounds):  # alternated, so a change in the machine's load hits both
            for name, tree in (("plain", plain_tree), ("encrypted", ROOT)):
                folder = work / f"{name}-{round_}"
                folder.mkdir()
                runs[name].append(measure(tree, folder, args))
        plain, encrypted = ({key: statistics.median(r[key] for r in runs[name]) for key in runs[name][0]}
                            for name in ("plain", "encrypted"))
    rows = []
    for key in (k for k in FIGURES if k in args.figures):
        ratio = encrypted[key] / plain[key] if plain[key] else float("nan")
        rows.append({"figure": key, "plaintext": plain[key], "encrypted": encrypted[key], "ratio": round(ratio, 3),
                     "within_15_percent": ratio <= 1.15})
    print(f"{'figure':<16} {'plaintext':>10} {'encrypted':>10} {'ratio':>7}")
    for row in rows:
        print(f"{row['figure']:<16} {row['plaintext']:>10} {row['encrypted']:>10} {row['ratio']:>7}")
    print(json.dumps({"command": f"python -m bench.bench_at_rest --enrolments {args.enrolments} --saves {args.saves} "
                                 f"--repeat {args.repeat} --rounds {args.rounds} --plain-ref {args.plain_ref} "
                                 f"--figures {','.join(args.figures)}",
                      "templates": encrypted.get("gallery_templates"), "rows": rows,
                      "seconds": round(time.monotonic() - started)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

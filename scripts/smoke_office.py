"""``make installer-smoke`` (second half): an office set up as docs/installer.md says, then a laptop joins it.

Run by the system ``python3`` (standard library only). In a temporary folder:

1. the hub is installed with pip from this repository (``pip install '.[hub]'``, not editable)
   into its own virtual environment, as on the office server;
2. a private PostgreSQL server is started (``initdb`` + ``pg_ctl`` as the ``postgres`` user,
   Unix socket only, no TCP port), its role and database created as the docs say;
3. ``station-hub keys init``, ``db upgrade`` (run twice: idempotent), ``serve`` on 127.0.0.1
   with a free port, ``station invite``;
4. the frozen station from the archive (unpacked, bare environment) registers with the
   one-time code, records one synthetic person, the supervisor approves, ``sync`` sends it,
   and ``station-hub packets`` lists it on PostgreSQL.

Every server started here is stopped at the end, also on failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from smoke_frozen import Laptop, SmokeFailure, check, default_archive, unpack

ROOT = Path(__file__).resolve().parents[1]
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
PG_USER = "postgres"
HUB_ROLE = HUB_DATABASE = "ektp_hub"


def run(command: list[str], *, env: dict[str, str] | None = None, user: str | None = None,
        input_text: str = "", timeout: int = 900) -> str:
    if user is not None and os.geteuid() == 0:
        command = ["runuser", "-u", user, "--", *command]
    shown = " ".join(command[-6:])
    started = time.monotonic()
    done = subprocess.run(command, env=env, input=input_text, capture_output=True, text=True, timeout=timeout,
                          check=False)
    print(f"  {shown}: exit {done.returncode} in {time.monotonic() - started:.1f} s", flush=True)
    if done.returncode != 0:
        raise SmokeFailure(f"`{' '.join(command)}` exited {done.returncode}\n--- stdout\n{done.stdout[-3000:]}"
                           f"\n--- stderr\n{done.stderr[-3000:]}")
    return done.stdout


def postgres_bin() -> Path:
    found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")))
    check(bool(found), f"PostgreSQL server binaries not found ({PG_BIN_GLOB}): apt-get install postgresql")
    return found[-1]


class PrivatePostgres:
    """A throw-away PostgreSQL cluster listening only on a Unix socket in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.bin = postgres_bin()
        self.data = folder / "pgdata"
        self.socket_dir = folder / "pgsocket"
        self.port = 5432  # only names the socket file: no TCP listener
        self.log = folder / "postgres.log"

    def start(self) -> None:
        self.socket_dir.mkdir(parents=True)
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.data, PG_USER)
            shutil.chown(self.socket_dir, PG_USER)
            shutil.chown(self.data.parent, PG_USER)
        run([str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", PG_USER, "--no-sync"], user=PG_USER)
        run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-o",
             f"-c listen_addresses='' -k {self.socket_dir} -p {self.port} -c fsync=off", "start"], user=PG_USER)

    def psql(self, sql: str) -> str:
        return run([str(self.bin / "psql"), "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir), "-p", str(self.port),
                    "-U", PG_USER, "-d", "postgres", "-c", sql], user=PG_USER)

    def url(self) -> str:
        return f"postgresql+psycopg://{HUB_ROLE}@/{HUB_DATABASE}?host={self.socket_dir}&port={self.port}"

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run([*(["runuser", "-u", PG_USER, "--"] if os.geteuid() == 0 else []),
                            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"],
                           capture_output=True, check=False, timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, timeout_s: float = 60) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise SmokeFailure(f"station-hub serve ended with exit {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SmokeFailure(f"the hub at {url} did not answer its health check in {timeout_s:.0f} s")


def office(archive: Path, work: Path) -> None:
    system_python = shutil.which("python3", path="/usr/bin:/bin") or sys.executable
    hub_venv = work / "hub-venv"
    run([system_python, "-m", "venv", str(hub_venv)])
    pip_env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON") and key != "VIRTUAL_ENV"}
    run([str(hub_venv / "bin" / "pip"), "install", "-q", f"{ROOT}[hub]"], env=pip_env)
    hub_cli = str(hub_venv / "bin" / "station-hub")

    postgres = PrivatePostgres(work)
    hub_process: subprocess.Popen | None = None
    try:
        postgres.start()
        postgres.psql(f"CREATE ROLE {HUB_ROLE} LOGIN")
        postgres.psql(f"CREATE DATABASE {HUB_DATABASE} OWNER {HUB_ROLE}")
        hub_env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "LANG": "C.UTF-8",
                   "HUB_DATA_DIR": str(work / "hub-data"), "HUB_DATABASE_URL": postgres.url()}
        run([hub_cli, "keys", "init"], env=hub_env)
        check((work / "hub-data" / "hub_x25519.pem").stat().st_mode & 0o077 == 0, "the hub key is readable by others")
        run([hub_cli, "db", "upgrade"], env=hub_env)
        run([hub_cli, "db", "upgrade"], env=hub_env)
        port = free_port()
        hub_url = f"http://127.0.0.1:{port}"
        with (work / "hub.log").open("w") as hub_log:  # the child keeps its own copy of the handle
            hub_process = subprocess.Popen([hub_cli, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                           env=hub_env, stdout=subprocess.DEVNULL, stderr=hub_log)
        wait_for_health(hub_url, hub_process)
        invited = run([hub_cli, "station", "invite", "SMA Uji Kantor"], env=hub_env)
        code = re.search(r":\s*(\S+)\s*$", invited.strip())
        check(code is not None, f"no one-time code in: {invited!r}")

        laptop = Laptop(unpack(archive, work / "office-laptop"), work, work / "office-station")
        laptop.add_supervisor()
        registered = laptop.data("register", "--hub", hub_url, "--code", code.group(1), "--json").json()
        check(registered.get("ok") is True, f"register: {registered}")
        enrolled = laptop.data("demo", "enrol", "--count", "1", "--json").json()
        uuid = enrolled["enrolments"][0]["uuid"]
        laptop.data("approve", uuid, "--supervisor", laptop.username, "--password-stdin", "--json",
                    stdin=f"{laptop.password}\n")
        synced = laptop.data("sync", "--json").json()
        sent = [packet.get("enrolment_uuid") for packet in synced.get("sent", [])]
        check(synced.get("ok") is True and sent == [uuid], f"sync did not send {uuid}: {json.dumps(synced)[:1500]}")
        packets = json.loads(run([hub_cli, "packets", "--json"], env=hub_env))
        sent_packets = [packet.get("packet_uuid") for packet in synced["sent"]]
        check([row.get("packet_uuid") for row in packets] == sent_packets,
              f"the hub on PostgreSQL holds {packets}, the station sent {sent_packets}")
    finally:
        if hub_process is not None:
            hub_process.terminate()
            try:
                hub_process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                hub_process.kill()
        postgres.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="the office: hub from pip on PostgreSQL, a frozen station joins")
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    work = Path(tempfile.mkdtemp(prefix="station-office-"))
    started = time.monotonic()
    try:
        archive = (args.archive or default_archive(version)).resolve()
        print(f"office smoke: hub from pip on PostgreSQL, {archive.name} registers and sends", flush=True)
        office(archive, work)
    except (SmokeFailure, subprocess.SubprocessError, OSError, KeyError, ValueError) as error:
        print(f"\noffice smoke FAILED: {error}", file=sys.stderr)
        print(f"(files kept in {work})", file=sys.stderr)
        return 1
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(f"office smoke: all checks passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``station-hub``: run the hub and administer it (keys, station invitations, packets, rosters)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from drivers.errors import StationError
from server import cli_processing
from server.dashboard import cli as dashboard_cli
from server.handover_cli import register_commands as register_handover_commands
from server.handover_keys import load_or_create_hub_signing_key, signing_key_path
from server.hub import Hub
from server.keys import init_hub_key

DEFAULT_PORT = 8470


def _default_data_dir() -> Path:
    return Path(os.environ.get("HUB_DATA_DIR") or platformdirs.user_data_dir("ektp-hub", appauthor=False))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Galat: perintah tidak valid ({message}).\nError: invalid command ({message}).", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=os.environ.get("HUB_DATABASE_URL"),
                        help="database URL (default: SQLite in the data dir; postgresql+psycopg://... for many stations)")
    common.add_argument("--data", type=Path, default=None, help="data directory: packets, partial uploads, hub key")
    parser = _Parser(prog="station-hub", description="Server pusat perekaman e-KTP / e-KTP station hub")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    serve = commands.add_parser("serve", parents=[common], help="run the hub (HTTP)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.add_argument("--no-processing", action="store_true",
                       help="only receive packets (SQLite: no in-process worker; PostgreSQL: no jobs queued)")
    serve.add_argument("--ssl-certfile", type=Path, help="serve HTTPS with this certificate (PEM)")
    serve.add_argument("--ssl-keyfile", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument("--secure-cookies", action="store_true",
                       default=os.environ.get("HUB_SECURE_COOKIES", "").lower() in ("1", "true", "yes"),
                       help="mark the dashboard's cookies Secure (behind a TLS proxy; automatic with HTTPS)")
    cli_processing.add_score_arguments(serve)
    serve.set_defaults(func=_serve)

    database = commands.add_parser("db", help="hub database").add_subparsers(dest="db_command", required=True)
    database.add_parser("upgrade", parents=[common], help="apply the hub's schema migrations (serve does it too)"
                        ).set_defaults(func=_db_upgrade)

    keys = commands.add_parser("keys", help="hub key pair").add_subparsers(dest="keys_command", required=True)
    keys.add_parser("init", parents=[common], help="create the hub key (once)").set_defaults(func=_keys_init)

    station = commands.add_parser("station", help="stations").add_subparsers(dest="station_command", required=True)
    invite = station.add_parser("invite", parents=[common], help="one-time registration code for a site")
    invite.add_argument("site")
    invite.set_defaults(func=_invite)

    packets = commands.add_parser("packets", parents=[common], help="every packet held")
    packets.add_argument("--json", action="store_true")
    packets.set_defaults(func=_packets)

    status = commands.add_parser("status", help="central statuses").add_subparsers(dest="status_command", required=True)
    status_set = status.add_parser("set", parents=[common], help="set a packet's central status")
    status_set.add_argument("packet_uuid")
    status_set.add_argument("status")
    status_set.set_defaults(func=_status_set)
    cli_processing.add_status_history(status, common, _open)

    roster = commands.add_parser("roster", help="site rosters").add_subparsers(dest="roster_command", required=True)
    roster_import = roster.add_parser("import", parents=[common], help="publish a CSV/XLSX roster for a site")
    roster_import.add_argument("site")
    roster_import.add_argument("file", type=Path)
    roster_import.set_defaults(func=_roster_import)

    config = commands.add_parser("config", help="station configuration").add_subparsers(dest="config_command",
                                                                                      required=True)
    config_push = config.add_parser("push", parents=[common],
                                    help="publish a TOML/JSON station configuration (only the keys an office may set)")
    config_push.add_argument("file", type=Path)
    config_push.set_defaults(func=_config_push)
    register_handover_commands(commands, common, _open)
    cli_processing.register(commands, common, _open, _db_url)
    dashboard_cli.register(commands, common, _open)

    audit = commands.add_parser("audit", help="stations' audit logs").add_subparsers(dest="audit_command", required=True)
    checkpoints = audit.add_parser("checkpoints", parents=[common],
                                   help="each station's latest audit-chain checkpoint (for station audit verify)")
    checkpoints.add_argument("--station", metavar="CODE", help="only this station code")
    checkpoints.add_argument("--json", action="store_true")
    checkpoints.set_defaults(func=_audit_checkpoints)

    recovery = commands.add_parser("recovery", help="station recovery").add_subparsers(dest="recovery_command",
                                                                                      required=True)
    unwrap = recovery.add_parser("unwrap", parents=[common],
                                 help="answer a station's recovery request (station recover --export-request)")
    unwrap.add_argument("file", type=Path, help="the request file from the station")
    unwrap.add_argument("--out", type=Path, required=True, help="the token file to take back to the station")
    unwrap.set_defaults(func=_recovery_unwrap)
    return parser


def _recovery_unwrap(args: argparse.Namespace) -> int:
    from app.errors import InputError
    from app.storage.atomic import atomic_write_bytes
    from server.keys import load_hub_key
    from server.recovery import answer_request

    try:
        request = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"Berkas {args.file} tidak terbaca.", f"Cannot read {args.file}.") from exc
    token = answer_request(request, load_hub_key(args.data or _default_data_dir()))
    atomic_write_bytes(args.out, json.dumps(token, indent=1).encode())
    print(f"Token pemulihan ditulis / recovery token written: {args.out} (stasiun / station {token['station_id']})")
    return 0


def _db_url(args: argparse.Namespace) -> str:
    data = args.data or _default_data_dir()
    return args.db or f"sqlite:///{Path(data).resolve() / 'hub.sqlite3'}"


def _open(args: argparse.Namespace) -> Hub:
    """The hub at ``--db``/``--data``, its schema migrated to the newest revision."""
    return Hub(_db_url(args), args.data or _default_data_dir())


def _db_upgrade(args: argparse.Namespace) -> int:
    from app.storage.db import make_engine
    from server.db import upgrade_hub

    engine = make_engine(_db_url(args))
    try:
        before, after = upgrade_hub(engine)
    finally:
        engine.dispose()
    if before == after:
        print(f"Basis data pusat sudah terbaru / hub database is up to date (revision {after})")
    else:
        print(f"Basis data pusat dimigrasi / hub database migrated: {before or '(empty)'} -> {after}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from app.logging_setup import configure_console_logging
    from server.api import create_app
    from server.processing.service import start_processing
    from server.schemas import MAX_HEADER_BYTES

    settings = cli_processing.settings_from(args)
    hub = _open(args)
    hub.key  # noqa: B018 (fail now, clearly, when `keys init` was never run)
    configure_console_logging()  # the hub's tracebacks can quote rows holding NIKs: masked like the station's
    processing = None if args.no_processing else start_processing(hub, settings)
    scheme = "https" if args.ssl_certfile else "http"
    print(f"station-hub: {scheme}://{args.host}:{args.port} (data {hub.data_dir})", flush=True)
    tls: dict[str, str | None] = {}
    if args.ssl_certfile:
        tls = {"ssl_certfile": str(args.ssl_certfile), "ssl_keyfile": str(args.ssl_keyfile) if args.ssl_keyfile else None}
    try:
        uvicorn.run(create_app(hub, secure_cookies=args.secure_cookies), host=args.host, port=args.port,
                    log_level="info", ws="none", lifespan="off", h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                    **tls)
    finally:
        if processing is not None:
            processing.stop()
        hub.close()
    return 0


def _keys_init(args: argparse.Namespace) -> int:
    data = args.data or _default_data_dir()
    _key, created = init_hub_key(data)
    print(("Kunci pusat dibuat / hub key created" if created else "Kunci pusat sudah ada / hub key exists")
          + f": {Path(data) / 'hub_x25519.pem'}")
    _signing, signing_created = load_or_create_hub_signing_key(data)
    print(("Kunci tanda tangan dibuat / signing key created" if signing_created
           else "Kunci tanda tangan sudah ada / signing key exists") + f": {signing_key_path(data)}")
    return 0


def _invite(args: argparse.Namespace) -> int:
    hub = _open(args)
    try:
        code = hub.invite(args.site)
    finally:
        hub.close()
    print(f"Kode pendaftaran sekali pakai / one-time registration code for {args.site}: {code}")
    return 0


def _packets(args: argparse.Namespace) -> int:
    hub = _open(args)
    try:
        rows = hub.list_packets()
    finally:
        hub.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'packet_uuid':36}  {'station':8}  {'status':26}  {'size':>9}  received_at")
    for row in rows:
        print(f"{row['packet_uuid']:36}  {row['station_code']:8}  {row['status']:26}  {row['size']:>9}  "
              f"{row['received_at']}")
    print(f"{len(rows)} paket / packets")
    return 0


def _status_set(args: argparse.Namespace) -> int:
    hub = _open(args)
    try:
        hub.set_status(args.packet_uuid, args.status)
    finally:
        hub.close()
    print(f"{args.packet_uuid}: {args.status.lower()}")
    return 0


def _roster_import(args: argparse.Namespace) -> int:
    from server.roster_import import import_roster_file

    hub = _open(args)
    try:
        result = import_roster_file(hub, args.site, args.file)
    finally:
        hub.close()
    print(f"{result.imported} orang diterbitkan untuk / people published for {args.site}; "
          f"{len(result.rejected)} baris ditolak / rows rejected")
    for rejected in result.rejected[:20]:
        print(f"  baris/row {rejected['row']}: {'; '.join(rejected['problems'])}")
    return 0


def _config_push(args: argparse.Namespace) -> int:
    from app.errors import InputError
    from app.settings import validate_station_data
    from app.sync.central_config import CentralConfigRefused, validate_central_config

    try:
        text = args.file.read_text(encoding="utf-8")
        data = json.loads(text) if args.file.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, ValueError) as exc:
        raise InputError(f"Berkas {args.file} tidak dapat dibaca: {exc}", f"Cannot read {args.file}: {exc}") from exc
    try:
        data = validate_central_config(data, validate_station_data)  # refused here, before any station sees it
    except CentralConfigRefused as error:
        raise InputError(error.message_id, error.message_en,
                         action_id="Perbaiki berkas lalu ulangi; tidak ada yang diterbitkan.",
                         action_en="Fix the file and push again; nothing was published.") from None
    hub = _open(args)
    try:
        version = hub.push_config(data)
    finally:
        hub.close()
    print(f"Konfigurasi versi / configuration version {version} diterbitkan / published")
    return 0


def _audit_checkpoints(args: argparse.Namespace) -> int:
    from server.audit_checkpoints import latest_checkpoints

    hub = _open(args)
    try:
        found = latest_checkpoints(hub, args.station)
    finally:
        hub.close()
    if args.json:
        print(json.dumps([c.to_dict() for c in found], indent=2))
        return 0
    for checkpoint in found:
        print(f"{checkpoint.station_code:8}  station audit verify --checkpoint {checkpoint.argument}")
    if not found:
        print("Belum ada titik periksa / no checkpoints yet")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except StationError as error:
        print(f"Galat: {error.message_id}\nError: {error.message_en}", file=sys.stderr)
        if error.action_id:
            print(f"Tindakan: {error.action_id}\nAction: {error.action_en}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

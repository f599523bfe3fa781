"""``station backup create|restore DIR``: the station's daily encrypted backup, and bringing it back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.backup_create import BackupProgress, create_backup
from app.backup_format import parse_recovery_key
from app.backup_restore import list_backups, restore_backup
from app.errors import InputError
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("backup", help="cadangan stasiun / station backup")
    commands = parser.add_subparsers(dest="backup_command", required=True)
    create = commands.add_parser("create", help="buat cadangan terenkripsi ke DIR / write an encrypted backup to DIR")
    create.add_argument("dir", type=Path)
    create.add_argument("--json", action="store_true", help="machine-readable output")
    create.set_defaults(func=run_create)
    restore = commands.add_parser("restore", help="pulihkan stasiun dari DIR / restore the station from DIR")
    restore.add_argument("dir", type=Path)
    restore.add_argument("--backup", metavar="ID", help="which backup (default: the newest)")
    restore.add_argument("--list", action="store_true", help="only list the backups in DIR")
    restore.add_argument("--recovery-key-stdin", action="store_true",
                         help="read the office's recovery key from standard input (replacement laptop)")
    restore.add_argument("--recovery-key-file", type=Path, metavar="FILE",
                         help="read the office's recovery key from FILE instead")
    restore.add_argument("--replace", action="store_true", help="overwrite a station that already holds records")
    restore.add_argument("--json", action="store_true", help="machine-readable output")
    restore.set_defaults(func=run_restore)


def _progress(progress: BackupProgress) -> None:
    print(f"\r  {progress.objects_done}/{progress.objects_total}   ", end="", file=sys.stderr, flush=True)


def run_create(context: CommandContext) -> int:
    interactive = not context.args.json and sys.stderr.isatty()
    report = create_backup(context.station, context.args.dir, _progress if interactive else None)
    if interactive:
        print(file=sys.stderr)
    if context.args.json:
        print_json(report.to_dict())
        return 0
    print(f"Cadangan / backup {report.backup_id} di / in {report.folder}: {report.enrolments} rekaman / records "
          f"({report.drafts} draf / drafts), {report.blobs} berkas / files ({report.blobs_written} baru / new), "
          f"{report.bytes_written / 1e6:.2f} MB ditulis / written, diperiksa ulang / read back and checked")
    if not report.office_recovery:
        print("Stasiun belum terdaftar: hanya kunci stasiun ini yang bisa membukanya. / The station is not registered: "
              "only this station's keys can open it.")
    if report.missing_blobs:
        print(f"Berkas hilang sebelum dicadangkan / files gone before backup: {len(report.missing_blobs)}")
    return 0


def run_restore(context: CommandContext) -> int:
    if context.args.list:
        rows = list_backups(context.args.dir)
        if context.args.json:
            print_json(rows)
        else:
            for row in rows:
                print(f"{row['backup_id']}  {row['created_at']}  {row['enrolments']} rekaman/records  "
                      f"{row['drafts']} draf/drafts")
        return 0
    credentials = None
    if context.operator_name:  # read first: with --password-stdin the password is stdin's first line
        credentials = (context.operator_name, context.read_password(f"Kata sandi / password ({context.operator_name}): "))
    recovery_key = None
    if context.args.recovery_key_stdin:
        recovery_key = parse_recovery_key(sys.stdin.read())
    elif context.args.recovery_key_file:
        try:
            recovery_key = parse_recovery_key(context.args.recovery_key_file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InputError(f"Berkas kunci pemulihan tidak dapat dibaca: {exc.strerror}.",
                             f"The recovery key file cannot be read: {exc.strerror}.") from exc
    # Locked: the operator's password opens the backup's own keyring (a replacement laptop has none yet).
    report = restore_backup(context.locked_station, context.args.dir, credentials=credentials,
                            recovery_key=recovery_key,
                            backup_id=context.args.backup, replace=context.args.replace)
    if context.args.json:
        print_json(report.to_dict())
        return 0
    print(f"Stasiun / station {report.station_code} dipulihkan dari cadangan / restored from backup {report.backup_id}: "
          f"{report.enrolments} rekaman / records ({report.drafts} draf / drafts), {report.blobs} berkas / files")
    print("Jalankan ulang aplikasi stasiun; petugas masuk dengan kata sandi masing-masing seperti sebelumnya. / "
          "Start the station application again; operators log in with their own passwords as before.")
    return 0

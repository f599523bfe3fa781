"""``station sync``: send every waiting packet to the hub and print what went, what failed and why."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from app.domain import labels
from app.sync import outbox
from app.sync.central_config import CentralConfigResult
from app.sync.service import SyncProgress, SyncReport
from app.timezones import format_local
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def _local(context: CommandContext, iso_time: str | None) -> str:
    """A stored UTC time as the operator reads it: in the station's time zone."""
    if not iso_time:
        return "-"
    return format_local(datetime.fromisoformat(iso_time), context.config.identity.timezone)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sync", help="kirim data ke pusat / send records to the hub")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--status", action="store_true", help="only show what waits, send nothing")
    parser.add_argument("--resend", metavar="PACKET_UUID", help="put a failed packet back in the queue, then send")
    parser.add_argument("--no-pull", action="store_true", help="do not download roster and configuration")
    parser.set_defaults(func=run)


def _progress(progress: SyncProgress) -> None:
    if progress.phase == "upload" and progress.packets_total:
        left = f", ~{progress.seconds_left:.0f} s" if progress.seconds_left is not None else ""
        print(f"\r  {progress.packets_done}/{progress.packets_total} paket/packets, "
              f"{progress.bytes_done / 1e6:.1f}/{progress.bytes_total / 1e6:.1f} MB{left}   ",
              end="", file=sys.stderr, flush=True)


def run(context: CommandContext) -> int:
    sync = context.station.sync
    if context.args.status:
        summary = sync.summary()
        if context.args.json:
            print_json(summary.to_dict())
        else:
            print(f"Menunggu kirim / waiting: {summary.waiting}, menunggu persetujuan / awaiting approval: "
                  f"{summary.awaiting_approval}, belum disegel / unsealed: {summary.unsealed}, "
                  f"terkirim / sent: {summary.sent}, gagal / failed: {summary.failed}")
            print(f"Pusat / hub: {summary.hub_url or '-'}; terakhir / last sync: {_local(context, summary.last_sync_at)}")
        return 0
    requeued = sync.requeue(context.args.resend) if context.args.resend else None  # says why not, exit 2
    interactive = not context.args.json and sys.stderr.isatty()
    report = sync.sync_now(_progress if interactive else None, pull=not context.args.no_pull)
    if interactive:
        print(file=sys.stderr)
    resent = requeued is not None and any(r.packet_uuid == requeued.packet_uuid for r in report.sent)
    if context.args.json:
        data = report.to_dict()
        if requeued is not None:
            data["resend"] = {"packet_uuid": requeued.packet_uuid, "enrolment_uuid": requeued.enrolment_uuid,
                              "was_state": requeued.was_state.value,
                              "was_central_status": requeued.was_central_status, "sent": resent}
        print_json(data)
    else:
        if requeued is not None:
            print_resend(requeued, resent)
        print_report(report)
    if requeued is not None and not resent:
        return 1
    return 0 if not report.failed else 1


def print_resend(requeued: outbox.Requeued, resent: bool) -> None:
    """What ``--resend`` did, in the operator's words (the centre's status names, not enum values)."""
    if requeued.was_central_status is not None:
        was = labels.CENTRAL_STATUS[requeued.was_central_status]
    else:
        was = labels.outbox_state(requeued.was_state)
    if resent:
        print(f"Dikirim ulang / resent: {requeued.packet_uuid} (sebelumnya / was: {was.id} / {was.en})")
    else:
        print(f"Kirim ulang GAGAL / resend FAILED: {requeued.packet_uuid} (sebelumnya / was: {was.id} / {was.en}); "
              f"paket kembali di antrean / the packet is back in the queue, see below")


def print_report(report: SyncReport) -> None:
    print(f"Terkirim / sent: {len(report.sent)} paket/packets, {report.bytes_sent / 1e6:.2f} MB "
          f"dalam / in {report.duration_s:.1f} s")
    for result in report.sent:
        print(f"  OK     {result.packet_uuid}  ({result.size} bytes)")
    if report.failed:
        print(f"Gagal / failed: {len(report.failed)}")
        for result in report.failed:
            error = result.error or {}
            print(f"  GAGAL  {result.packet_uuid}  [{error.get('code', '')}]")
            print(f"         {error.get('message_id', '')}")
            print(f"         {error.get('message_en', '')}")
            if error.get("action_id"):
                print(f"         {error['action_id']} / {error.get('action_en', '')}")
    if report.awaiting_approval:
        print(f"Menunggu persetujuan supervisor / awaiting supervisor approval: {report.awaiting_approval}")
    if report.statuses_changed or report.needs_action:
        print(f"Status pusat berubah / central statuses changed: {report.statuses_changed}; "
              f"perlu tindakan (ganda/gagal) / need action (duplicate/failure): {report.needs_action}")
    if report.pull is not None:
        print(f"Daftar peserta / roster: {report.pull.roster_rows} baris/rows diunduh/pulled"
              + (f", {report.pull.roster_rejected} ditolak/rejected" if report.pull.roster_rejected else "")
              + (f"; konfigurasi versi / config version {report.pull.config_version}" if report.pull.config_changed
                 else ""))
        plan = report.pull.plan
        if plan is not None and plan.changed:
            print(f"Rencana kunjungan baru / new visit plan (versi/version {plan.version}): {plan.planned_days} hari "
                  f"direncanakan/planned days" + (f", {plan.removed} dihapus/removed" if plan.removed else "")
                  + (f", {plan.withdrawn} dihapus tetapi sudah direkam/removed but recorded" if plan.withdrawn else ""))
    if report.status_report is not None and not report.status_report.get("sent"):
        error = report.status_report.get("error") or {}
        print(f"Laporan keadaan tidak terkirim (paket tidak terpengaruh) / status report not sent (packets unaffected): "
              f"{error.get('message_id', '')} / {error.get('message_en', '')}")
    if report.config is not None:
        print_config_result(report.config)
    if report.retention_deleted:
        print(f"Paket lama dihapus (retensi) / old packets deleted (retention): {report.retention_deleted}")
    for error in report.errors:
        print(f"Peringatan / warning: {error.get('message_id')} / {error.get('message_en')}")


def print_config_result(result: CentralConfigResult) -> None:
    """What became of the configuration pulled from the hub: applied keys, or why it was refused."""
    if result.refused:
        print(f"Konfigurasi pusat versi {result.version} DITOLAK / hub configuration version {result.version} "
              f"REFUSED (station.toml tidak diubah / unchanged):")
        print(f"  {result.refused.get('message_id', '')}")
        print(f"  {result.refused.get('message_en', '')}")
        return
    if not result.changed:
        print(f"Konfigurasi pusat versi {result.version}: tidak ada perubahan / hub configuration "
              f"version {result.version}: no changes")
        return
    print(f"Konfigurasi pusat versi {result.version} diterapkan / hub configuration version {result.version} "
          f"applied ({result.path}): {', '.join(result.changed)}")
    if result.restart_needed:
        print(f"  Berlaku setelah aplikasi dimulai ulang / takes effect after a restart: "
              f"{', '.join(result.restart_needed)}")

"""``station site list|add``: the places a recording set visits."""

from __future__ import annotations

import argparse
import dataclasses

from app.domain.enums import SiteKind
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("site", help="lokasi / sites")
    actions = parser.add_subparsers(dest="site_command", required=True)
    listing = actions.add_parser("list", help="daftar lokasi / list sites")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)
    add = actions.add_parser("add", help="tambah lokasi / add a site")
    add.add_argument("name")
    add.add_argument("--kind", default=SiteKind.SCHOOL.value, choices=[k.value for k in SiteKind])
    add.add_argument("--region", default="", help="kode wilayah / region code, e.g. 357301")
    add.add_argument("--target", type=int, default=0, help="target perekaman / how many to record")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)


def run_list(context: CommandContext) -> int:
    sites = context.station.sites.list_sites()
    if context.args.json:
        print_json([dataclasses.asdict(s) for s in sites])
        return 0
    if not sites:
        print("Belum ada lokasi / no sites yet.")
    for site in sites:
        target = site.target_count or site.applicant_count
        print(f"{site.id:>4}  {site.name:<40} {site.kind.value:<10} {site.region_code:<6} "
              f"direkam / recorded {site.recorded_count}/{target}")
    return 0


def run_add(context: CommandContext) -> int:
    args = context.args
    site = context.station.sites.create_site(args.name, args.kind, region_code=args.region, target_count=args.target)
    if args.json:
        print_json({"ok": True, "id": site.id, "name": site.name})
    else:
        print(f"Lokasi dibuat / site created: {site.name} (#{site.id})")
    return 0

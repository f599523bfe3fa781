"""Roster and configuration pull: pages, a stored checkpoint, and resuming after a cut."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.bootstrap import Station
from app.storage.models import Applicant, Site
from app.sync import pull, state
from app.sync.client import HubClient
from app.sync.errors import SyncError
from server.local import LocalHub
from server.netfaults import FaultProxy

SITE = "SMAN-CONTOH-1"  # the site the `registered` fixture registers for


def roster_rows(count: int, start: int = 0) -> list[dict]:
    return [{"nik": f"357301450308{i + 1:04d}", "name": f"SISWA {i}",
             "birth_date": "2008-03-05", "sex": "P", "class_name": "XII IPA 1"} for i in range(start, start + count)]


class CutAfterFirstPage(HubClient):
    """A real client whose link goes down (every later request answered 503) after the first roster page."""

    def __init__(self, base_url: str, token: str, proxy: FaultProxy) -> None:
        super().__init__(base_url, token, timeout_s=10)
        self.proxy = proxy
        self.pages = 0

    def roster(self, site_code: str, after: int, limit: int = 500) -> dict:
        answer = super().roster(site_code, after, limit)
        self.pages += 1
        if self.pages == 1:
            self.proxy.fail_requests(50)
        return answer


def test_roster_pull_resumes_from_the_checkpoint(registered: Station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    assert local_hub.hub is not None and registered.sync.registration is not None
    local_hub.hub.put_roster_rows(SITE, roster_rows(120))
    token = registered.sync.registration.token
    with CutAfterFirstPage(proxy.url, token, proxy) as client, pytest.raises(SyncError):
        pull.pull_roster(registered.db, client, SITE, page_size=50)
    checkpoint = state.get_json(registered.db, state.ROSTER_CHECKPOINT_PREFIX + SITE)
    with registered.db.session() as session:
        assert session.scalar(select(func.count(Applicant.id))) == 50
    proxy.clear_faults()  # the link is back

    seen: list[int] = []

    class Recording(HubClient):
        def roster(self, site_code: str, after: int, limit: int = 500) -> dict:
            seen.append(after)
            return super().roster(site_code, after, limit)

    with Recording(proxy.url, token) as client:
        rows, rejected, _ = pull.pull_roster(registered.db, client, SITE, page_size=50)
    assert seen[0] == checkpoint and rows == 70 and rejected == 0
    with registered.db.session() as session:
        assert session.scalar(select(func.count(Applicant.id))) == 120
        site = session.scalars(select(Site).where(Site.hub_site_code == SITE)).one()
        assert {a.site_id for a in session.scalars(select(Applicant))} == {site.id}


def test_sync_pulls_roster_changes_and_config(registered: Station, local_hub: LocalHub) -> None:
    assert local_hub.hub is not None
    local_hub.hub.put_roster_rows(SITE, roster_rows(3))
    first = registered.sync.sync_now()
    assert first.pull is not None and first.pull.roster_rows == 3 and not first.pull.config_changed
    changed = roster_rows(1)[0] | {"name": "SISWA GANTI NAMA"}
    local_hub.hub.put_roster_rows(SITE, [changed, {"nik": "3573014503080999", "name": "TANPA TANGGAL"}])
    version = local_hub.hub.push_config({"sync": {"retention_days": 14}})
    second = registered.sync.sync_now()
    assert second.pull is not None
    assert (second.pull.roster_rows, second.pull.roster_rejected) == (2, 1)
    assert second.pull.config_changed and second.pull.config_version == version
    assert registered.sync.hub_config() == {"sync": {"retention_days": 14}}
    with registered.db.session() as session:
        names = set(session.scalars(select(Applicant.name)))
    assert "SISWA GANTI NAMA" in names and len(names) == 3
    third = registered.sync.sync_now()
    assert third.pull is not None and third.pull.roster_rows == 0 and not third.pull.config_changed

"""The daily report: one day's recordings at one site (or all), computed once as frozen figures.

``DailyReportService.build`` reads the database once and returns a ``DailyReport``;
the PDF and CSV writers (``report_writers.py``), the charts (``report_charts.py``),
``station report daily`` and the GUI's report and progress pages all render that
same object, so a number never differs between them. The day is the station's
local day (WIB/WITA/WIT); a record belongs to it by the time it was saved.
No biometric data is read, only scores and flags; NIKs are masked.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.config import StationConfig
from app.domain import labels
from app.domain.enums import EnrolmentStatus, Modality, OutboxState
from app.errors import InputError, NotFoundError
from app.logging_setup import mask_nik
from app.storage.db import Database
from app.storage.models import Applicant, Enrolment, Operator, Site, Visit
from app.timezones import to_local, utc_now, zone

NOT_SAVED = (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)
HANDED_OVER = "handed_over"  # copied to removable media (OutboxEntry.handed_over_at), not yet confirmed by the hub
FINGER_ORDER = tuple(labels.FINGER_SHORT)


@dataclass(frozen=True)
class SiteFigures:
    name: str
    kind: str
    target: int
    recorded_today: int
    recorded_total: int  # saved records at this site on any day up to and including the report's day
    roster: int


@dataclass(frozen=True)
class OperatorFigures:
    name: str
    recorded: int
    forced: int
    exceptions: int
    first_at: str  # local HH:MM
    last_at: str


@dataclass(frozen=True)
class CaptureIssue:
    """A forced capture or an exception on one enrolment (no image, only what happened)."""

    enrolment_uuid: str
    applicant: str
    nik_masked: str
    modality: str
    position: str
    kind: str  # "forced" or "exception"
    reason: str  # exception kind, or attempts for a forced capture
    attempts: int
    supervisor: str


@dataclass(frozen=True)
class DuplicateFigure:
    enrolment_uuid: str
    applicant: str
    nik_masked: str
    matches: str  # possible_duplicate_of: another enrolment's UUID or operator:<id>
    matches_name: str  # who that is (applicant name or operator name), for people
    score: float | None


@dataclass(frozen=True)
class EnrolmentLine:
    """One row of the CSV: one saved enrolment of the day, masked NIK, no biometrics."""

    enrolment_uuid: str
    nik_masked: str
    name: str
    site: str
    saved_at: str  # local "YYYY-MM-DD HH:MM"
    operator: str
    status: str  # EnrolmentStatus value
    send_state: str  # queued, uploading, sent, failed, handed_over, unsealed
    central_status: str
    approved_by: str
    approved_at: str
    possible_duplicate_of: str
    duplicate_score: float | None
    forced: int
    exceptions: int
    fingers_captured: int
    nfiq2_min: float | None
    nfiq2_mean: float | None
    face_score: float | None
    iris_right: float | None
    iris_left: float | None
    rerecord_of: str


@dataclass(frozen=True)
class SendFigures:
    sent: int
    handed_over: int
    waiting: int  # queued or uploading (sealed or not), approved or awaiting approval
    failed: int  # refused by the hub, or failed at the centre
    awaiting_approval: int
    by_central_status: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DailyReport:
    day: dt.date
    site: str | None  # None: every site of the day
    station_code: str
    station_name: str
    timezone: str
    language: str
    generated_at: str  # local "YYYY-MM-DD HH:MM"
    sites: tuple[SiteFigures, ...]
    recorded: int
    target: int
    per_hour: tuple[tuple[int, int], ...]  # (local hour, records saved in that hour), hours with work only
    operators: tuple[OperatorFigures, ...]
    issues: tuple[CaptureIssue, ...]
    duplicates: tuple[DuplicateFigure, ...]
    nfiq2_by_finger: dict[str, tuple[float, ...]]  # finger slug -> kept scores of the day
    face_scores: tuple[float, ...]
    iris_scores: tuple[float, ...]
    approved: int
    awaiting_approval: int
    approvals_by_supervisor: dict[str, int]
    sending: SendFigures
    lines: tuple[EnrolmentLine, ...]

    @property
    def forced_count(self) -> int:
        return sum(1 for issue in self.issues if issue.kind == "forced")

    @property
    def exception_count(self) -> int:
        return sum(1 for issue in self.issues if issue.kind == "exception")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["per_hour"] = [{"hour": hour, "recorded": count} for hour, count in self.per_hour]
        data["forced_count"] = self.forced_count
        data["exception_count"] = self.exception_count
        data["quality"] = {
            "nfiq2_by_finger": {slug: _stats(scores) for slug, scores in self.nfiq2_by_finger.items()},
            "face": _stats(self.face_scores), "iris": _stats(self.iris_scores),
        }
        return data


def _stats(values: tuple[float, ...] | list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"count": 0, "min": None, "mean": None, "median": None, "max": None}
    return {"count": len(values), "min": round(min(values), 1), "mean": round(statistics.fmean(values), 1),
            "median": round(statistics.median(values), 1), "max": round(max(values), 1)}


def parse_report_day(text: str) -> dt.date:
    """``YYYY-MM-DD`` as typed on the command line. Raises InputError otherwise."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"Tanggal '{text}' tidak valid; tulis TTTT-BB-HH, mis. 2026-12-01.",
                         f"The date '{text}' is not valid; write YYYY-MM-DD, e.g. 2026-12-01.") from None


class DailyReportService:
    """Builds ``DailyReport``s for supervisors (GUI report page, progress page, ``station report daily``)."""

    def __init__(self, db: Database, *, station_code: str = "", station_name: str = "", timezone_name: str = "WIB",
                 language: str = "id", clock: Callable[[], dt.datetime] = utc_now) -> None:
        self.db = db
        self.station_code = station_code
        self.station_name = station_name
        self.timezone_name = timezone_name
        self.language = language
        self.clock = clock

    @classmethod
    def from_config(cls, config: StationConfig, db: Database, *, language: str | None = None
                    ) -> DailyReportService:
        """The service for a station: its code, name, time zone and language from ``[station]``."""
        identity = config.identity
        return cls(db, station_code=identity.station_code, station_name=identity.name,
                   timezone_name=identity.timezone, language=language or identity.language)

    def today(self) -> dt.date:
        return to_local(self.clock(), self.timezone_name).date()

    def build(self, day: dt.date | None = None, site: str | None = None, *, language: str | None = None
              ) -> DailyReport:
        """The figures of ``day`` (default today, local) at the site named ``site`` (default every site).

        Raises:
            NotFoundError: no site has that name.
        """
        day = day or self.today()
        local = zone(self.timezone_name)
        start = dt.datetime.combine(day, dt.time(0), local).astimezone(dt.UTC)
        end = start + dt.timedelta(days=1)
        with self.db.session() as session:
            site_row = None
            if site:
                site_row = session.scalar(select(Site).where(func.lower(Site.name) == " ".join(site.split()).lower()))
                if site_row is None:
                    raise NotFoundError(f"Lokasi '{site}' tidak ada.", f"There is no site '{site}'.",
                                        action_id="Lihat nama lokasi di halaman Kunjungan.",
                                        action_en="See the site names on the Visit page.")
            operators = {op.id: op.full_name for op in session.scalars(select(Operator))}
            query = (select(Enrolment)
                     .options(selectinload(Enrolment.applicant).selectinload(Applicant.site),
                              selectinload(Enrolment.visit).selectinload(Visit.site),
                              selectinload(Enrolment.captures), selectinload(Enrolment.outbox_entry))
                     .where(Enrolment.status.not_in(NOT_SAVED), Enrolment.captured_at >= start,
                            Enrolment.captured_at < end)
                     .order_by(Enrolment.captured_at, Enrolment.id))
            enrolments = [e for e in session.scalars(query) if site_row is None or _site_of(e) is site_row]
            names_by_uuid = dict(session.execute(
                select(Enrolment.uuid, Applicant.name).join(Applicant, Enrolment.applicant_id == Applicant.id)
                .where(Enrolment.uuid.in_([e.possible_duplicate_of for e in enrolments
                                           if e.possible_duplicate_of]))).all())
            sites = self._site_figures(session, site_row, enrolments, end)
        return self._figures(day, site_row.name if site_row else None, enrolments, operators, names_by_uuid, sites,
                             language or self.language)

    def _site_figures(self, session: Any, site_row: Site | None, enrolments: list[Enrolment],
                      end: dt.datetime) -> tuple[SiteFigures, ...]:
        today = Counter(_site_of(e).id for e in enrolments if _site_of(e) is not None)
        wanted = [site_row] if site_row is not None else [
            s for s in session.scalars(select(Site).order_by(Site.name)) if s.id in today]
        figures = []
        for site in wanted:
            roster = session.scalar(select(func.count(Applicant.id)).where(Applicant.site_id == site.id)) or 0
            total = session.scalar(
                select(func.count(func.distinct(Enrolment.applicant_id)))
                .join(Applicant, Enrolment.applicant_id == Applicant.id)
                .where(Applicant.site_id == site.id, Enrolment.status.not_in(NOT_SAVED),
                       Enrolment.captured_at < end)) or 0
            figures.append(SiteFigures(site.name, site.kind.value, site.target_count or roster, today.get(site.id, 0),
                                       total, roster))
        return tuple(figures)

    def _figures(self, day: dt.date, site_name: str | None, enrolments: list[Enrolment], operators: dict[int, str],
                 names_by_uuid: dict[str, str], sites: tuple[SiteFigures, ...], language: str) -> DailyReport:
        hours: Counter[int] = Counter()
        by_operator: dict[str, list[Enrolment]] = defaultdict(list)
        issues: list[CaptureIssue] = []
        duplicates: list[DuplicateFigure] = []
        nfiq: dict[str, list[float]] = {slug: [] for slug in FINGER_ORDER}
        face: list[float] = []
        iris: list[float] = []
        approvals: Counter[str] = Counter()
        lines: list[EnrolmentLine] = []
        send = Counter()
        central = Counter()
        operator_names = {f"operator:{op_id}": name for op_id, name in operators.items()}
        for enrolment in enrolments:
            saved = to_local(enrolment.captured_at, self.timezone_name)  # type: ignore[arg-type]
            hours[saved.hour] += 1
            operator = operators.get(enrolment.operator_id or -1, "—")
            by_operator[operator].append(enrolment)
            applicant = enrolment.applicant
            masked = mask_nik(applicant.nik)
            forced = exceptions = fingers = 0
            finger_scores: list[float] = []
            scores: dict[str, float | None] = {"face": None, "right": None, "left": None}
            for capture in enrolment.captures:
                if capture.exception_reason:
                    exceptions += 1
                    issues.append(CaptureIssue(enrolment.uuid, applicant.name, masked, capture.modality.value,
                                               capture.position, "exception", capture.exception_reason,
                                               capture.attempts, operators.get(capture.forced_by_id or -1, "")))
                    continue
                if capture.forced:
                    forced += 1
                    issues.append(CaptureIssue(enrolment.uuid, applicant.name, masked, capture.modality.value,
                                               capture.position, "forced", str(capture.attempts), capture.attempts,
                                               operators.get(capture.forced_by_id or -1, "")))
                score = capture.quality_score
                if score is None:
                    continue
                if capture.modality is Modality.FINGER:
                    fingers += 1
                    finger_scores.append(score)
                    nfiq.setdefault(capture.position, []).append(score)
                elif capture.modality is Modality.FACE:
                    face.append(score)
                    scores["face"] = score
                elif capture.modality is Modality.IRIS:
                    iris.append(score)
                    scores[capture.position] = score
            if enrolment.possible_duplicate_of:
                reference = enrolment.possible_duplicate_of
                duplicates.append(DuplicateFigure(
                    enrolment.uuid, applicant.name, masked, reference,
                    operator_names.get(reference) or names_by_uuid.get(reference, ""), enrolment.duplicate_score))
            approver = operators.get(enrolment.approved_by_id or -1, "") if enrolment.approved_by_id else ""
            if approver:
                approvals[approver] += 1
            state = _send_state(enrolment)
            send[state] += 1
            entry = enrolment.outbox_entry
            if entry is not None and entry.central_status is not None:
                central[entry.central_status.value] += 1
            lines.append(EnrolmentLine(
                enrolment.uuid, masked, applicant.name, _site_of(enrolment).name if _site_of(enrolment) else "",
                f"{saved:%Y-%m-%d %H:%M}", operator, enrolment.status.value, state,
                entry.central_status.value if entry is not None and entry.central_status else "", approver,
                f"{to_local(enrolment.approved_at, self.timezone_name):%Y-%m-%d %H:%M}" if enrolment.approved_at
                else "", enrolment.possible_duplicate_of or "", enrolment.duplicate_score, forced, exceptions,
                fingers, round(min(finger_scores), 1) if finger_scores else None,
                round(statistics.fmean(finger_scores), 1) if finger_scores else None,
                scores["face"], scores["right"], scores["left"], getattr(enrolment, "rerecord_of", None) or ""))
        awaiting = sum(1 for e in enrolments if e.status is EnrolmentStatus.BIO_CAPTURED)
        approved = sum(1 for e in enrolments if e.approved_at is not None)
        failed = send["failed"] + sum(n for status, n in central.items()
                                      if status in {s.value for s in labels.RESENDABLE_CENTRAL})
        sending = SendFigures(
            sent=send["sent"] - sum(n for status, n in central.items()
                                    if status in {s.value for s in labels.RESENDABLE_CENTRAL}),
            handed_over=send[HANDED_OVER], waiting=send["queued"] + send["uploading"] + send["unsealed"],
            failed=failed, awaiting_approval=awaiting, by_central_status=dict(sorted(central.items())))
        operator_figures = tuple(
            OperatorFigures(name, len(rows), sum(1 for i in issues if i.kind == "forced" and
                                                 i.enrolment_uuid in {r.uuid for r in rows}),
                            sum(1 for i in issues if i.kind == "exception" and
                                i.enrolment_uuid in {r.uuid for r in rows}),
                            f"{to_local(rows[0].captured_at, self.timezone_name):%H:%M}",  # type: ignore[arg-type]
                            f"{to_local(rows[-1].captured_at, self.timezone_name):%H:%M}")  # type: ignore[arg-type]
            for name, rows in sorted(by_operator.items(), key=lambda item: (-len(item[1]), item[0])))
        target = sum(s.target for s in sites)
        return DailyReport(
            day=day, site=site_name, station_code=self.station_code, station_name=self.station_name,
            timezone=self.timezone_name.upper(), language=language,
            generated_at=f"{to_local(self.clock(), self.timezone_name):%Y-%m-%d %H:%M}", sites=sites,
            recorded=len(enrolments), target=target, per_hour=tuple(sorted(hours.items())),
            operators=operator_figures, issues=tuple(issues), duplicates=tuple(duplicates),
            nfiq2_by_finger={slug: tuple(values) for slug, values in nfiq.items() if values},
            face_scores=tuple(face), iris_scores=tuple(iris), approved=approved, awaiting_approval=awaiting,
            approvals_by_supervisor=dict(approvals), sending=sending, lines=tuple(lines))


def _site_of(enrolment: Enrolment) -> Site | None:
    if enrolment.visit is not None:
        return enrolment.visit.site
    return enrolment.applicant.site


def _send_state(enrolment: Enrolment) -> str:
    entry = enrolment.outbox_entry
    if entry is None:
        return "unsealed"
    state = entry.state.value if isinstance(entry.state, OutboxState) else str(entry.state)
    if state == OutboxState.QUEUED.value and entry.packet_ref is None:
        return "unsealed"
    if entry.handed_over_at is not None and state in (OutboxState.QUEUED.value, OutboxState.UPLOADING.value):
        return HANDED_OVER  # on a stick (station handover export): still in the upload queue until confirmed
    return state

"""What operators read for every stored status and kind: one place, Bahasa Indonesia and English.

Enum values (``duplicate_record``, ``right_thumb``) never reach a screen, a report
or a printed page; these names do. The centre's statuses use the names SIAK
shows ("siap cetak", "data ganda", "gagal rekam di pusat"). ``tone`` says which
colour a status wears (ok, busy, waiting, warn, bad) so the GUI and the report
colour them the same way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from app.domain.enums import (
    CaptureException,
    CentralStatus,
    DocumentKind,
    EligibilityStatus,
    EnrolmentStatus,
    Modality,
    OutboxState,
    QueueState,
    Role,
    Sex,
    SiteKind,
)


@dataclass(frozen=True)
class Label:
    id: str
    en: str
    tone: str = "neutral"  # neutral, ok, busy, waiting, warn, bad

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.id


TONE_COLOURS: dict[str, str] = {
    "neutral": "#ffffff",
    "waiting": "#fff3c4",
    "busy": "#dbe9ff",
    "ok": "#d6f5dc",
    "warn": "#ffe2b8",
    "bad": "#ffd6dc",
}

ENROLMENT_STATUS: dict[EnrolmentStatus, Label] = {
    EnrolmentStatus.DRAFT: Label("belum selesai direkam", "recording unfinished", "neutral"),
    EnrolmentStatus.BIO_CAPTURED: Label("menunggu persetujuan", "awaiting approval", "waiting"),
    EnrolmentStatus.APPROVED: Label("disetujui, menunggu dikirim", "approved, waiting to send", "busy"),
    EnrolmentStatus.SENT_FOR_ENROLLMENT: Label("terkirim ke pusat", "sent to the centre", "busy"),
    EnrolmentStatus.RECEIVED_AT_CENTRAL: Label("diterima di pusat", "received at the centre", "busy"),
    EnrolmentStatus.PRINT_READY_RECORD: Label("siap cetak", "ready to print", "ok"),
    EnrolmentStatus.DUPLICATE_RECORD: Label("data ganda", "duplicate record", "warn"),
    EnrolmentStatus.ADJUDICATE_RECORD: Label("perlu adjudikasi", "needs adjudication", "warn"),
    EnrolmentStatus.ENROLL_FAILURE_AT_REGIONAL: Label("gagal rekam di daerah", "recording failed at the region",
                                                      "bad"),
    EnrolmentStatus.ENROLL_FAILURE_AT_CENTRAL: Label("gagal rekam di pusat", "recording failed at the centre", "bad"),
    EnrolmentStatus.SEARCH_FAILURE_AT_CENTRAL: Label("gagal pencarian di pusat", "search failed at the centre", "bad"),
    EnrolmentStatus.CANCELLED: Label("dibatalkan", "cancelled", "neutral"),
}

CENTRAL_STATUS: dict[CentralStatus, Label] = {
    CentralStatus.RECEIVED: Label("diterima di pusat", "received at the centre", "busy"),
    CentralStatus.PROCESSING: Label("diproses di pusat", "being processed at the centre", "busy"),
    CentralStatus.PRINT_READY: Label("siap cetak", "ready to print", "ok"),
    CentralStatus.DUPLICATE: Label("data ganda", "duplicate record", "warn"),
    CentralStatus.ADJUDICATION: Label("perlu adjudikasi", "needs adjudication", "warn"),
    CentralStatus.ENROLL_FAILURE_AT_REGIONAL: Label("gagal rekam di daerah", "recording failed at the region", "bad"),
    CentralStatus.ENROLL_FAILURE_AT_CENTRAL: Label("gagal rekam di pusat", "recording failed at the centre", "bad"),
    CentralStatus.SEARCH_FAILURE_AT_CENTRAL: Label("gagal pencarian di pusat", "search failed at the centre", "bad"),
}

# Central statuses after which the same packet may be sent again (the centre failed it, not the person).
RESENDABLE_CENTRAL = frozenset({
    CentralStatus.ENROLL_FAILURE_AT_REGIONAL, CentralStatus.ENROLL_FAILURE_AT_CENTRAL,
    CentralStatus.SEARCH_FAILURE_AT_CENTRAL,
})

OUTBOX_STATE: dict[str, Label] = {
    OutboxState.QUEUED.value: Label("menunggu dikirim", "waiting to send", "waiting"),
    OutboxState.UPLOADING.value: Label("sedang dikirim", "sending", "busy"),
    OutboxState.SENT.value: Label("terkirim", "sent", "ok"),
    OutboxState.FAILED.value: Label("gagal kirim", "sending failed", "bad"),
    "handed_over": Label("diserahkan lewat media", "handed over on media", "ok"),
}

QUEUE_STATE: dict[QueueState, Label] = {
    QueueState.NOT_RECORDED: Label("Belum direkam", "Not recorded", "neutral"),
    QueueState.RECORDED: Label("Sudah direkam", "Recorded", "waiting"),
    QueueState.WAITING_TO_SEND: Label("Menunggu dikirim", "Waiting to send", "busy"),
    QueueState.SENT: Label("Terkirim", "Sent", "ok"),
    QueueState.FAILED: Label("Gagal", "Failed", "bad"),
}

FINGER: dict[str, Label] = {
    "right_thumb": Label("ibu jari kanan", "right thumb"),
    "right_index": Label("telunjuk kanan", "right index finger"),
    "right_middle": Label("jari tengah kanan", "right middle finger"),
    "right_ring": Label("jari manis kanan", "right ring finger"),
    "right_little": Label("kelingking kanan", "right little finger"),
    "left_thumb": Label("ibu jari kiri", "left thumb"),
    "left_index": Label("telunjuk kiri", "left index finger"),
    "left_middle": Label("jari tengah kiri", "left middle finger"),
    "left_ring": Label("jari manis kiri", "left ring finger"),
    "left_little": Label("kelingking kiri", "left little finger"),
    "plain_right_four": Label("empat jari kanan", "right four fingers"),
    "plain_left_four": Label("empat jari kiri", "left four fingers"),
    "plain_thumbs": Label("kedua ibu jari", "both thumbs"),
}
FINGER_SHORT: dict[str, Label] = {
    "right_thumb": Label("IJ ka", "R thumb"), "right_index": Label("Tlj ka", "R index"),
    "right_middle": Label("Tgh ka", "R middle"), "right_ring": Label("Mns ka", "R ring"),
    "right_little": Label("Klg ka", "R little"), "left_thumb": Label("IJ ki", "L thumb"),
    "left_index": Label("Tlj ki", "L index"), "left_middle": Label("Tgh ki", "L middle"),
    "left_ring": Label("Mns ki", "L ring"), "left_little": Label("Klg ki", "L little"),
}

EYE: dict[str, Label] = {
    "right": Label("mata kanan", "right eye"),
    "left": Label("mata kiri", "left eye"),
}

CAPTURE_EXCEPTION: dict[CaptureException, Label] = {
    CaptureException.AMPUTATED: Label("diamputasi / tidak ada", "amputated / missing"),
    CaptureException.BANDAGED: Label("diperban / terluka", "bandaged / injured"),
    CaptureException.UNABLE_TO_PRINT: Label("sidik aus / tidak terbaca", "worn / unreadable print"),
}

MODALITY: dict[Modality, Label] = {
    Modality.FACE: Label("foto wajah", "face photo"),
    Modality.FINGER: Label("sidik jari", "fingerprints"),
    Modality.IRIS: Label("iris", "iris"),
    Modality.SIGNATURE: Label("tanda tangan", "signature"),
}

ROLE: dict[Role, Label] = {
    Role.OFFICER: Label("petugas", "officer"),
    Role.SUPERVISOR: Label("supervisor", "supervisor"),
}

SITE_KIND: dict[SiteKind, Label] = {
    SiteKind.SCHOOL: Label("sekolah", "school"),
    SiteKind.MPP: Label("Mal Pelayanan Publik", "public service mall"),
    SiteKind.MALL: Label("pusat perbelanjaan", "shopping mall"),
    SiteKind.VILLAGE: Label("desa / kelurahan", "village"),
    SiteKind.PLANTATION: Label("perkebunan", "plantation"),
    SiteKind.PRISON: Label("lembaga pemasyarakatan", "prison"),
    SiteKind.OFFICE: Label("kantor", "office"),
}

SEX: dict[Sex, Label] = {Sex.MALE: Label("laki-laki", "male"), Sex.FEMALE: Label("perempuan", "female")}

ELIGIBILITY: dict[EligibilityStatus, Label] = {
    EligibilityStatus.ELIGIBLE: Label("wajib", "required"),
    EligibilityStatus.ELIGIBLE_EARLY: Label("rekam awal", "early recording"),
    EligibilityStatus.NOT_YET: Label("belum boleh", "not yet"),
}

DOCUMENT: dict[DocumentKind, Label] = {
    DocumentKind.KK_COPY: Label("fotokopi KK", "family card copy"),
    DocumentKind.BIRTH_CERTIFICATE: Label("akta kelahiran", "birth certificate"),
    DocumentKind.MARRIAGE_CERTIFICATE: Label("buku nikah / akta perkawinan", "marriage certificate"),
}

DEVICE_FAMILY: dict[str, Label] = {
    "camera": Label("kamera", "camera"),
    "fingerprint": Label("pemindai sidik jari", "fingerprint scanner"),
    "iris": Label("pemindai iris", "iris scanner"),
    "signature": Label("bantalan tanda tangan", "signature pad"),
}

ALL_TABLES: tuple[dict[Any, Label], ...] = (
    ENROLMENT_STATUS, CENTRAL_STATUS, OUTBOX_STATE, QUEUE_STATE, FINGER, EYE, CAPTURE_EXCEPTION, MODALITY, ROLE,
    SITE_KIND, SEX, ELIGIBILITY, DOCUMENT, DEVICE_FAMILY,
)

_TABLES: dict[type[enum.Enum], dict[Any, Label]] = {
    EnrolmentStatus: ENROLMENT_STATUS, CentralStatus: CENTRAL_STATUS, QueueState: QUEUE_STATE,
    CaptureException: CAPTURE_EXCEPTION, Modality: MODALITY, Role: ROLE, SiteKind: SITE_KIND, Sex: SEX,
    EligibilityStatus: ELIGIBILITY, DocumentKind: DOCUMENT,
}


def label(value: enum.Enum) -> Label:
    """The operator's name for any stored status or kind."""
    found: Label = _TABLES[type(value)][value]
    return found


def text(value: enum.Enum, language: str) -> str:
    return label(value).text(language)


def capture_position(modality: Modality | str, position: str) -> Label:
    """A capture's place as people say it: "telunjuk kanan", "mata kiri", "foto wajah"."""
    modality = Modality(modality)
    if modality is Modality.FINGER:
        return FINGER.get(position, Label(position.replace("_", " "), position.replace("_", " ")))
    if modality is Modality.IRIS:
        return EYE.get(position, Label(position, position))
    return MODALITY[modality]


def outbox_state(value: OutboxState | str) -> Label:
    key = value.value if isinstance(value, enum.Enum) else str(value)
    return OUTBOX_STATE.get(key, Label(key.replace("_", " "), key.replace("_", " ")))


def duplicate_of(reference: str | None, language: str, names: dict[str, str] | None = None) -> str:
    """Who a possible duplicate matches: another applicant (by name when known) or an operator's own finger."""
    if not reference:
        return ""
    if reference.startswith("operator:"):
        name = (names or {}).get(reference)
        if language == "en":
            return f"the operator {name}'s own finger" if name else "an operator's own finger"
        return f"jari petugas {name} sendiri" if name else "jari petugas sendiri"
    name = (names or {}).get(reference)
    if name:
        return name
    return "a record on this station" if language == "en" else "rekaman lain di stasiun ini"


RESEND_ACTION = Label("kirim ulang", "resend")
RERECORD_ACTION = Label("rekam ulang", "record again")
SEND_REFUSED = Label("ditolak server pusat", "refused by the hub", "bad")
AWAITING_APPROVAL = ENROLMENT_STATUS[EnrolmentStatus.BIO_CAPTURED]


def queue_status(state: QueueState, enrolment_status: EnrolmentStatus | None, central_status: CentralStatus | None,
                 send_refused: bool) -> tuple[Label, Label | None]:
    """What the queue shows for a person: the status in the centre's words (with its colour), and what to do."""
    state = QueueState(state)
    if state in (QueueState.NOT_RECORDED, QueueState.RECORDED, QueueState.WAITING_TO_SEND):
        return QUEUE_STATE[state], None
    if send_refused:
        return SEND_REFUSED, RESEND_ACTION
    if central_status is not None:
        action = RESEND_ACTION if central_status in RESENDABLE_CENTRAL else (
            RERECORD_ACTION if CENTRAL_STATUS[central_status].tone in ("warn", "bad") else None)
        return CENTRAL_STATUS[central_status], action
    if enrolment_status is not None:
        status = ENROLMENT_STATUS[enrolment_status]
        return status, RERECORD_ACTION if status.tone == "bad" else None
    return QUEUE_STATE[state], None

ALL_TABLES = (*ALL_TABLES, {"resend": RESEND_ACTION, "rerecord": RERECORD_ACTION, "refused": SEND_REFUSED})

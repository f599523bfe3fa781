"""Every status and kind the station stores, defined once."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    OFFICER = "officer"  # petugas
    SUPERVISOR = "supervisor"


class SiteKind(enum.StrEnum):
    SCHOOL = "school"
    MPP = "mpp"  # Mal Pelayanan Publik
    MALL = "mall"
    VILLAGE = "village"
    PLANTATION = "plantation"
    PRISON = "prison"
    OFFICE = "office"


class Sex(enum.StrEnum):
    MALE = "L"  # laki-laki
    FEMALE = "P"  # perempuan


class Modality(enum.StrEnum):
    FACE = "face"
    FINGER = "finger"
    IRIS = "iris"
    SIGNATURE = "signature"


class CaptureException(enum.StrEnum):
    """Why a finger or eye could not be captured (needs a supervisor)."""

    AMPUTATED = "amputated"  # diamputasi / tidak ada
    BANDAGED = "bandaged"  # diperban / terluka
    UNABLE_TO_PRINT = "unable_to_print"  # sidik aus / tidak terbaca


class EnrolmentStatus(enum.StrEnum):
    """An enrolment's life on the station, then as the centre (SIAK) reports it."""

    DRAFT = "draft"  # capture in progress; offered back after a crash
    BIO_CAPTURED = "bio_captured"  # saved; waiting for the supervisor's approval
    APPROVED = "approved"  # approved for sending
    SENT_FOR_ENROLLMENT = "sent_for_enrollment"
    RECEIVED_AT_CENTRAL = "received_at_central"
    PRINT_READY_RECORD = "print_ready_record"
    DUPLICATE_RECORD = "duplicate_record"
    ADJUDICATE_RECORD = "adjudicate_record"
    ENROLL_FAILURE_AT_REGIONAL = "enroll_failure_at_regional"
    ENROLL_FAILURE_AT_CENTRAL = "enroll_failure_at_central"
    SEARCH_FAILURE_AT_CENTRAL = "search_failure_at_central"
    CANCELLED = "cancelled"


class CentralStatus(enum.StrEnum):
    """The hub's status of a packet, mirroring the centre's (shared by station and hub)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    PRINT_READY = "print_ready"
    DUPLICATE = "duplicate"
    ADJUDICATION = "adjudication"
    ENROLL_FAILURE_AT_REGIONAL = "enroll_failure_at_regional"
    ENROLL_FAILURE_AT_CENTRAL = "enroll_failure_at_central"
    SEARCH_FAILURE_AT_CENTRAL = "search_failure_at_central"

    @property
    def is_final(self) -> bool:
        return self not in (CentralStatus.RECEIVED, CentralStatus.PROCESSING)

    @property
    def needs_action(self) -> bool:
        """Duplicates and failures are shown in the queue for re-recording or re-sending."""
        return self.is_final and self is not CentralStatus.PRINT_READY


class OutboxState(enum.StrEnum):
    QUEUED = "queued"
    UPLOADING = "uploading"
    SENT = "sent"  # the hub holds it; central statuses follow in OutboxEntry.central_status
    FAILED = "failed"  # refused for good by the hub (e.g. tampered); needs a person


class AuditAction(enum.StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VISIT_OPENED = "visit_opened"
    VISIT_CLOSED = "visit_closed"
    ROSTER_IMPORTED = "roster_imported"
    ENROLMENT_STARTED = "enrolment_started"
    ENROLMENT_SAVED = "enrolment_saved"
    ENROLMENT_APPROVED = "enrolment_approved"
    ENROLMENT_CANCELLED = "enrolment_cancelled"
    CAPTURE_FORCED = "capture_forced"
    CAPTURE_EXCEPTION = "capture_exception"
    SELFCHECK = "selfcheck"
    SETTINGS_CHANGED = "settings_changed"
    OPERATOR_CHANGED = "operator_changed"
    SYNC = "sync"
    STATION_REGISTERED = "station_registered"
    HANDOVER_EXPORTED = "handover_exported"
    HANDOVER_RECEIPT = "handover_receipt"
    BACKUP_CREATED = "backup_created"
    BACKUP_RESTORED = "backup_restored"


class EligibilityStatus(enum.StrEnum):
    """Whether a person may be recorded on a given day (UU 24/2013 art. 63)."""

    ELIGIBLE = "eligible"  # 17 or older, or married / ever married
    ELIGIBLE_EARLY = "eligible_early"  # record now, card at 17
    NOT_YET = "not_yet"


class DocumentKind(enum.StrEnum):
    """Documents an applicant shows; stored in ``Enrolment.documents_seen``."""

    KK_COPY = "kk_copy"  # fotokopi Kartu Keluarga
    BIRTH_CERTIFICATE = "birth_certificate"  # akta kelahiran
    MARRIAGE_CERTIFICATE = "marriage_certificate"  # buku nikah / akta perkawinan


class BackgroundColour(enum.StrEnum):
    """Photo background: red for odd birth years, blue for even (citizens), orange for foreigners."""

    RED = "red"
    BLUE = "blue"
    ORANGE = "orange"


class QueueState(enum.StrEnum):
    """An applicant's place in the day's queue, derived from Enrolment.status and OutboxEntry."""

    NOT_RECORDED = "not_recorded"  # belum direkam
    RECORDED = "recorded"  # sudah direkam, menunggu persetujuan
    WAITING_TO_SEND = "waiting_to_send"  # menunggu dikirim
    SENT = "sent"  # terkirim
    FAILED = "failed"  # gagal: rekam ulang / kirim ulang

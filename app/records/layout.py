"""How this station fills an ANSI/NIST-ITL 1-2011 transaction: record types, codes and our Type-2 fields.

Type-2 fields are user-defined by the standard; the numbers below are this
station's, documented in docs/ARCHITECTURE.md, and read back by ``inspect``.
"""

from __future__ import annotations

from app.domain.enums import CaptureException

VERSION = "0500"  # ANSI/NIST-ITL 1-2011
TRANSACTION_TYPE = "EKTP"  # 1.004 TOT: an e-KTP recording
DOMAIN_NAME = "ID-EKTP"  # 1.013 DOM
DOMAIN_VERSION = "1.0"
NATIVE_RESOLUTION = "19.69"  # 1.011/1.012: 500 ppi in pixels per millimetre
IMPRESSION_LIVE_PLAIN = "0"  # 14.003 IMP: live-scan plain
SCALE_PPI = "1"  # 14.008 SLC: pixels per inch
SCALE_ASPECT = "0"  # 10.008/17.008 SLC: no scale, aspect ratio only
WSQ = "WSQ20"  # 14.011 CGA
JPEG = "JPEGB"  # 10.011 CGA
JPEG2000 = "JP2"  # 17.011 CGA: lossy JPEG 2000 (ISO/IEC 19794-6 recommends it for exchange)
# Encoder settings (WSQ, face JPEG quality, iris JPEG 2000 rate) and their tolerances: app/records/encoding.py.
UNCOMPRESSED = "NONE"
# 14.024 FQM / 10.024 SQS / 17.024 IQS: quality algorithm vendor and product (hex).
NFIQ2_VENDOR = "000F"  # NIST
NFIQ2_PRODUCT = "377D"  # NFIQ 2
STATION_VENDOR = "FFFF"  # the station's own face/iris gates (not registered)
STATION_PRODUCT = "0001"
FACE_SUBJECT_ACQUISITION_PROFILE = "12"  # 10.013 SAP: ISO/IEC 19794-5 token image
SIGNATURE_OF_SUBJECT = 0  # 8.003 SIG
SIGNATURE_VECTOR = 2  # 8.004 SRT
SIGNATURE_UNIT_MM = 0.0254  # 8.008 vector coordinates are in 0.001 inch
PEN_UP = 0
PEN_MAX = 254
VECTOR_END = 255

# 14.018 AMP amputated-or-bandaged codes.
AMPUTATION_CODES: dict[CaptureException, str] = {
    CaptureException.AMPUTATED: "XX",
    CaptureException.BANDAGED: "UP",
    CaptureException.UNABLE_TO_PRINT: "UP",
}
PLACEHOLDER_SIDE = 16  # white image carried by a Type-14 record of a finger with an exception

# Type-2 user-defined fields (numbers are this station's).
TYPE2_FIELDS: dict[str, int] = {
    "station_code": 3,
    "enrolment_uuid": 4,
    "nik": 10,
    "kk_number": 11,
    "name": 12,
    "birth_place": 13,
    "birth_date": 14,  # YYYYMMDD
    "sex": 15,  # L / P
    "blood_type": 16,
    "address": 17,
    "rt": 18,
    "rw": 19,
    "village": 20,
    "district": 21,
    "regency": 22,
    "province": 23,
    "religion": 24,
    "marital_status": 25,
    "occupation": 26,
    "citizenship": 27,
    "valid_until": 28,  # "SEUMUR HIDUP" for citizens
    "captured_at": 30,  # UTC, YYYYMMDDHHMMSSZ
    "operator": 31,
    "site": 32,
    "possible_duplicate_of": 33,
    "duplicate_score": 34,
    "forced_fingers": 35,  # finger slug:attempts, comma-separated
    "documents_seen": 36,  # DocumentKind values the operator ticked, comma-separated
}
TYPE2_NAMES: dict[int, str] = {number: name for name, number in TYPE2_FIELDS.items()}

"""SBI answers parsed once into typed objects: anything of the wrong shape is a DeviceProtocolError."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest

from drivers.errors import DeviceProtocolError
from drivers.sbi.answers import (
    CapturePayload,
    DeviceInfoPayload,
    DigitalId,
    decode_json,
    parse_capture,
    parse_discovery,
    parse_info,
)
from drivers.sbi.jws import SbiTrustError, check_time, decode_unsigned


@pytest.mark.parametrize("answer", [[None], ["device"], [[1, 2]], [7], None, "x", {"a": 1}])
def test_discovery_and_info_items_must_be_objects(answer: object) -> None:
    for parse in (parse_discovery, parse_info):
        with pytest.raises(DeviceProtocolError):
            parse(answer)


@pytest.mark.parametrize("answer", [None, [], {"biometrics": None}, {"biometrics": [None]}, {"biometrics": ["x"]},
                                    {"biometrics": []}, {"biometrics": [{"data": 5}]},
                                    {"biometrics": [{"error": "bad"}]}, {"biometrics": [{"error": {"errorCode": []}}]}])
def test_capture_answers_of_the_wrong_shape(answer: object) -> None:
    with pytest.raises(DeviceProtocolError):
        parse_capture(answer)


@pytest.mark.parametrize("sub_ids", [["one"], [True], [-1], [10**30], "123", [1.5], [{"id": 1}]])
def test_device_sub_ids_must_be_small_whole_numbers(sub_ids: object) -> None:
    with pytest.raises(DeviceProtocolError, match="deviceSubId"):
        parse_discovery([{"deviceId": "1", "deviceSubId": sub_ids}])
    with pytest.raises(DeviceProtocolError, match="deviceSubId"):
        DeviceInfoPayload.parse({"deviceId": "1", "deviceSubId": sub_ids})


def test_sub_ids_as_numbers_or_digit_strings() -> None:
    assert parse_discovery([{"deviceSubId": [1, "2", "3"]}])[0].sub_ids == (1, 2, 3)


@pytest.mark.parametrize("digital", [{"serialNo": 1}, {"type": ["Finger"]}, [], "x", None, {"dateTime": 5}])
def test_digital_id_of_the_wrong_type(digital: object) -> None:
    with pytest.raises(DeviceProtocolError):
        DigitalId.parse(digital)
    if digital is not None:  # an absent digital id is allowed here (unregistered devices); a wrong one is not
        with pytest.raises(DeviceProtocolError):
            DeviceInfoPayload.parse({"digitalId": digital if not isinstance(digital, str) else ["x"]})


def test_a_lone_surrogate_anywhere_is_refused() -> None:
    with pytest.raises(DeviceProtocolError, match="surrogate"):
        decode_json(b'[{"deviceId": "\\ud800"}]', "MOSIPDISC")
    segment = base64.urlsafe_b64encode(b'{"serialNo": "\\udfff"}').decode().rstrip("=")
    with pytest.raises(DeviceProtocolError):
        decode_unsigned(segment)


@pytest.mark.parametrize("data", [b"\xff[]", b"[NaN]", b"[1e999999]", b"[" * 100 + b"]" * 100, b"1" * 5000])
def test_broken_json_is_refused(data: bytes) -> None:
    with pytest.raises(DeviceProtocolError):
        decode_json(data, "RCAPTURE")


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2024-02-30T00:00:00Z",
                                   "", "soon", "9" * 100])
def test_timestamps_at_the_edge_of_the_calendar_are_untrusted(stamp: str) -> None:
    with pytest.raises(SbiTrustError):
        check_time(stamp, dt.datetime.now(dt.UTC))


@pytest.mark.parametrize("value", [5, None, ["2024-01-01"], {"t": 1}])
def test_timestamps_of_the_wrong_type_are_untrusted(value: object) -> None:
    with pytest.raises(SbiTrustError):
        check_time(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("score", ["abc", "1e400", 101, -1, True, [50], "nan", float("inf"), "9" * 40])
def test_scores_must_be_0_to_100(score: object) -> None:
    with pytest.raises(DeviceProtocolError, match="qualityScore"):
        CapturePayload.parse({"qualityScore": score})


def test_a_good_capture_payload() -> None:
    payload = CapturePayload.parse(json.loads('{"bioType": "Finger", "bioValue": "AAAA", "qualityScore": "75",'
                                              '"requestedScore": 40, "timestamp": "2024-01-01T00:00:00Z"}'))
    assert (payload.quality, payload.requested_score, payload.bio_sub_type) == (75.0, 40.0, "")

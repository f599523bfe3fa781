"""Wacom ISDV4 serial signature pads (TabletPC digitisers, serial Wacom pads).

Set-up as the kernel and X drivers do it: stop, wait ~250 ms, query the ranges
and firmware version, then start sampling. A pad that does not answer the query
at the configured rate is tried at the other ISDV4 rate (38400 / 19200).
"""

from __future__ import annotations

import collections
import time
from typing import ClassVar

from drivers.base import DeviceInfo
from drivers.errors import DeviceSettingError, DeviceTimeoutError
from drivers.serial_link import LINE_ERRORS, SerialLike, not_connected, open_serial
from drivers.signature import isdv4_protocol as proto
from drivers.signature.base import PadRanges, PenPoint, SignaturePad

ISDV4_BAUD_RATES = (38400, 19200)
STOP_SETTLE_S = 0.25


class Isdv4SignaturePad(SignaturePad):
    """A pen pad speaking ISDV4 over a serial line (``port`` = path or pyserial URL)."""

    backend_name: ClassVar[str] = "isdv4"

    def __init__(
        self, port: str = "", baud: int = 38400, query_timeout_s: float = 1.0, *, transport: SerialLike | None = None
    ) -> None:
        super().__init__()
        if int(baud) not in ISDV4_BAUD_RATES:
            raise DeviceSettingError(
                f"Baud ISDV4 harus 38400 atau 19200, bukan {baud}.",
                f"ISDV4 baud must be 38400 or 19200, not {baud}.",
            )
        self.port = str(port)
        self.baud = int(baud)
        self.query_timeout_s = float(query_timeout_s)
        self._injected = transport
        self._line: SerialLike | None = None
        self._framer = proto.PacketFramer()
        self._pending: collections.deque[PenPoint] = collections.deque()
        self._query: proto.QueryReply | None = None
        self._active_baud = self.baud
        self._unplugged = False

    # lifecycle ---------------------------------------------------------------
    def _do_open(self) -> None:
        self._unplugged = False
        line = self._injected or open_serial(self.port, self.baud, timeout=0.05)
        self._line = line
        try:
            self._query = self._handshake(line)
        except BaseException:
            self._line = None
            if self._injected is None:
                line.close()
            raise

    def _handshake(self, line: SerialLike) -> proto.QueryReply:
        rates = [self.baud] + [rate for rate in ISDV4_BAUD_RATES if rate != self.baud]
        for rate in rates:
            line.baudrate = rate
            reply = self._query_once(line)
            if reply is not None:
                self._active_baud = rate
                return reply
        raise DeviceTimeoutError(
            f"Pad ISDV4 di {self.port or 'saluran'} tidak menjawab pada 38400 maupun 19200 baud.",
            f"The ISDV4 pad on {self.port or 'the line'} did not answer at 38400 or 19200 baud.",
        )

    def _query_once(self, line: SerialLike) -> proto.QueryReply | None:
        """Stop, let the pad settle, flush, query; the reply or None when silent."""
        try:
            line.write(proto.CMD_STOP)
            time.sleep(STOP_SETTLE_S)
            line.reset_input_buffer()
            line.write(proto.CMD_QUERY)
            framer = proto.PacketFramer()
            deadline = time.monotonic() + self.query_timeout_s
            while time.monotonic() < deadline:
                for packet in framer.feed(line.read(64)):
                    if packet[0] & proto.CONTROL_BIT:
                        return proto.decode_query(packet)
        except LINE_ERRORS as exc:
            raise not_connected(self.port, exc) from exc
        return None

    def _do_close(self) -> None:
        line, self._line = self._line, None
        if line is None:
            return
        if not self._unplugged:
            try:
                line.write(proto.CMD_STOP)
            except LINE_ERRORS:
                pass  # the pad is already gone; closing must still succeed
        if self._injected is None:
            line.close()

    def _do_info(self) -> DeviceInfo:
        version = self._query.version if self._query else 0
        return DeviceInfo(
            family=self.family,
            vendor="Wacom",
            model="ISDV4 pen digitiser",
            serial_number="none (ISDV4 reports no serial number)",
            firmware=str(version),
            transport=f"serial {self.port} @ {self._active_baud}",
            backend=self.backend_name,
        )

    def _do_ranges(self) -> PadRanges:
        if self._query is None:
            raise not_connected(self.port)
        return PadRanges(self._query.x_max, self._query.y_max, self._query.pressure_max)

    # sampling ------------------------------------------------------------------
    def _write(self, command: bytes) -> None:
        line = self._live_line()
        try:
            line.write(command)
        except LINE_ERRORS as exc:
            self._unplugged = True
            raise not_connected(self.port, exc) from exc

    def _live_line(self) -> SerialLike:
        if self._line is None or self._unplugged:
            raise not_connected(self.port)
        return self._line

    def _do_start(self) -> None:
        self._framer.reset()
        self._pending.clear()
        self._write(proto.CMD_START)

    def _do_stop(self) -> None:
        if self._line is None or self._unplugged:
            return  # nothing to tell a pad that is gone
        self._write(proto.CMD_STOP)

    def _do_clear(self) -> None:
        self._pending.clear()

    def _do_read_point(self) -> PenPoint | None:
        if self._pending:
            return self._pending.popleft()
        line = self._live_line()
        try:
            data = line.read(64)
        except LINE_ERRORS as exc:
            self._unplugged = True
            raise not_connected(self.port, exc) from exc
        now = time.monotonic()
        for packet in self._framer.feed(data):
            if packet[0] & (proto.CONTROL_BIT | proto.TOUCH_BIT):
                continue  # late query replies and finger-touch data are not pen points
            sample = proto.decode_pen(packet)
            self._pending.append(PenPoint(sample.x, sample.y, sample.pressure, sample.tip, sample.proximity, now))
        return self._pending.popleft() if self._pending else None

    def _self_test_capture(self) -> tuple[float | None, str]:
        """A fresh query round trip: a real pad sends pen packets only when the pen is near it."""
        if self.sampling:
            self.stop()
        reply = self._query_once(self._live_line())
        if reply is None:
            raise DeviceTimeoutError(
                "Pad ISDV4 berhenti menjawab.", "The ISDV4 pad stopped answering.",
            )
        return None, (
            f"ISDV4 v{reply.version} @ {self._active_baud} baud, range {reply.x_max}x{reply.y_max}, "
            f"pressure {reply.pressure_max}"
        )

    @property
    def discarded_bytes(self) -> int:
        """Bytes dropped while resynchronising on garbage (a diagnostic for the self-check)."""
        return self._framer.discarded_bytes


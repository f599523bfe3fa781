"""The transcript helper itself: it fails on every difference from the expected bytes."""

from __future__ import annotations

import pytest

from tests.support.transcript import Exchange, TranscriptError, TranscriptLine


def test_answers_become_readable_only_after_the_whole_command() -> None:
    with TranscriptLine([Exchange(b"AB", b"ok"), Exchange(b"", b"!")]) as line:
        line.write(b"A")
        assert line.read(10) == b""
        line.write(b"B")
        assert line.read(1) == b"o"
        assert line.read(10) == b"k!"  # an unprompted exchange follows at once
        assert line.done


def test_an_unexpected_byte_fails_at_once_and_again_at_the_end() -> None:
    line = TranscriptLine([Exchange(b"*", b"reply")])
    with pytest.raises(TranscriptError, match="expected b'\\*'"):
        line.write(b"0")
    with pytest.raises(TranscriptError):  # even when the driver swallowed the first failure
        line.check()


def test_a_write_after_the_last_exchange_fails() -> None:
    line = TranscriptLine([Exchange(b"1")])
    with pytest.raises(TranscriptError, match="after the last exchange"):
        line.write(b"10")


def test_an_exchange_that_never_happens_fails() -> None:
    line = TranscriptLine([Exchange(b"0"), Exchange(b"*", b"x")])
    line.write(b"0")
    with pytest.raises(TranscriptError, match="never happened"):
        line.check()
    with pytest.raises(TranscriptError, match="never happened"), line:
        pass


def test_an_answer_left_unread_fails() -> None:
    line = TranscriptLine([Exchange(b"0", b"late")])
    line.write(b"0")
    with pytest.raises(TranscriptError, match="never read"):
        line.check()


def test_a_write_at_the_wrong_baud_rate_fails() -> None:
    line = TranscriptLine([Exchange(b"0", baud=19200)], baudrate=38400)
    with pytest.raises(TranscriptError, match="38400 baud"):
        line.write(b"0")


def test_an_answer_to_flush_must_be_flushed_not_read() -> None:
    read = TranscriptLine([Exchange(b"0", b"noise", flushed=True)])
    read.write(b"0")
    read.read(10)
    with pytest.raises(TranscriptError, match="flush"):
        read.check()
    flushed = TranscriptLine([Exchange(b"0", b"noise", flushed=True)])
    flushed.write(b"0")
    flushed.reset_input_buffer()
    flushed.check()


def test_using_the_line_after_close_fails() -> None:
    line = TranscriptLine([Exchange(b"0")])
    line.close()
    with pytest.raises(TranscriptError, match="after closing"):
        line.write(b"0")

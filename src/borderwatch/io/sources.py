"""Bytes in, numbered lines out: opening a source, checking ``--encoding``, decoding a line.

Every reader of declarations starts here, so a byte-order mark, a Chinese
Windows file (GB18030) or one undecodable line is handled the same way
everywhere. Lines are split on the newline *byte* and decoded one at a
time, which is why only encodings in which ASCII is ASCII are accepted
(UTF-8, GB18030, GBK, Big5, EUC-KR, CP949, Shift-JIS, Latin-1, ...).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from borderwatch.errors import InputError

__all__ = [
    "MAX_RECORD_BYTES",
    "Source",
    "SourceLine",
    "check_encoding",
    "decode_line",
    "decoding_hint",
    "open_source",
    "source_lines",
    "source_name",
]

#: a line (one JSON record, or one physical CSV line) longer than this is rejected
MAX_RECORD_BYTES = 1_000_000

#: what a file opened with ``--encoding`` must spell the same way as ASCII does
_ASCII_PROBE = '\n\r\t ,;:"{}[]0123456789abcxyzABCXYZ-+.\\'

Source = BinaryIO | str | os.PathLike[str]


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or an InputError that names ``--encoding``."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise InputError(
            f"--encoding {encoding!r} is not a known text encoding. "
            "Use e.g. utf-8 (the default), gb18030 for Chinese Windows files, "
            "cp949 or euc-kr for Korean ones."
        ) from None
    if info.name == "utf-8-sig":
        return "utf-8"  # line 1 drops a byte-order mark anyway
    text_codec = getattr(info, "_is_text_encoding", True)  # False for rot13, base64, zlib...
    try:
        ascii_safe = text_codec and _ASCII_PROBE.encode(info.name) == _ASCII_PROBE.encode()
    except (UnicodeError, TypeError):
        ascii_safe = False
    if not ascii_safe:
        raise InputError(
            f"--encoding {encoding!r} is not supported: files are read line by line, "
            "so the encoding must write ASCII as ASCII (UTF-16 and UTF-32 do not). "
            "Save the file as UTF-8, or name an encoding such as gb18030, big5 or cp949."
        )
    return info.name


def decoding_hint(encoding: str) -> str:
    """What to tell someone whose line does not decode."""
    if encoding == "utf-8":
        return (
            "Save the file as UTF-8, or pass --encoding with the file's encoding "
            "(e.g. --encoding gb18030 for Chinese Windows files)."
        )
    return f"Save the file as UTF-8, or check that it really is {encoding} (--encoding)."


def source_name(source: Source) -> str:
    """How messages name the source: its path, ``-`` for stdin, or the stream's name."""
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    name = getattr(source, "name", None)
    return name if isinstance(name, str) else "<stream>"


@contextmanager
def open_source(source: Source) -> Iterator[BinaryIO]:
    """A binary stream for a path, ``-`` (standard input) or an open binary stream.

    Streams passed in are left open; files opened here are closed on exit.
    """
    if isinstance(source, io.TextIOBase):
        raise TypeError("read declarations from bytes: pass a path, '-' or a binary stream")
    if not isinstance(source, str | os.PathLike):
        yield source
        return
    if os.fspath(source) == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = Path(source).open("rb")  # noqa: SIM115  # closed by the with below
    except OSError as exc:
        path = os.fspath(source)
        raise InputError(f"cannot read {path}: {exc.strerror}. Check the path.") from exc
    with stream:
        yield stream


@dataclass(frozen=True)
class SourceLine:
    """One physical line: its number, its bytes without the line end, or too long to keep."""

    number: int
    data: bytes
    too_long: bool = False


def source_lines(stream: BinaryIO, *, limit: int = MAX_RECORD_BYTES) -> Iterator[SourceLine]:
    """Every line of ``stream``, numbered from 1; a line over ``limit`` bytes is not kept."""
    number = 0
    while True:
        chunk = stream.readline(limit + 1)
        if not chunk:
            return
        number += 1
        if len(chunk) > limit and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):  # skip the rest of the line
                chunk = stream.readline(limit + 1)
            yield SourceLine(number, b"", too_long=True)
            continue
        yield SourceLine(number, chunk.rstrip(b"\n").removesuffix(b"\r"))


def decode_line(line: SourceLine, encoding: str) -> str:
    """The line as text (strict), without a byte-order mark at its start.

    Not only on line 1: files concatenated with ``cat`` carry one per part.
    """
    return line.data.decode(encoding).removeprefix("\ufeff")

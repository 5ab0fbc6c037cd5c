"""Bytes to clean text: encoding detection and removal of control/escape characters."""

from __future__ import annotations

import codecs
import re

# C0 controls except TAB, LF and CR; DEL; C1 controls (ESC-less CSI 0x9b among them); bidi
# overrides and isolates that reorder what a terminal shows.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")


_PREFERRED = ("gb18030", "big5", "cp1252", "latin_1")


class NotTextError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def decode_feed(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode a feed's bytes; return (text, encoding used).

    UTF-8 with or without BOM and UTF-16 with BOM are taken as they are; an explicit charset
    (HTTP Content-Type) is tried next; anything else is detected (GBK, GB18030, Big5, Latin-1,
    cp1252...) by charset-normalizer instead of being mangled with replacement characters.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace").lstrip("\ufeff"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass
    import charset_normalizer  # only for a feed that is not UTF-8 (costly to import)

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotTextError("not text in any known encoding")
    encoding = best.encoding
    # Equally plausible code pages tie often (cp1250/cp1252/cp1257 for "München"): prefer the
    # ones calendar feeds actually use, Chinese first, then Western European.
    tied = {m.encoding for m in matches if m.chaos <= best.chaos + 0.01}
    for preferred in _PREFERRED:
        if preferred in tied:
            encoding = preferred
            break
    # GB2312 is a subset of GB18030; decoding with the superset never loses a character.
    if encoding.lower().replace("-", "").replace("_", "") in ("gb2312", "gbk", "hz"):
        encoding = "gb18030"
    return data.decode(encoding, errors="replace"), encoding


def strip_controls(text: str) -> str:
    """Remove control and escape characters (ANSI sequences lose their ESC and become inert)."""
    return _CONTROL.sub("", text)


def has_controls(text: str) -> bool:
    return _CONTROL.search(text) is not None

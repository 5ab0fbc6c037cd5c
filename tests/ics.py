"""Build small iCalendar texts for tests (real RFC 5545 text, parsed by the real reader)."""

from __future__ import annotations

SHANGHAI = (
    "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
    "TZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
)


def event(uid: str | None, *props: str, stamp: bool = True) -> str:
    lines = ["BEGIN:VEVENT"]
    if uid is not None:
        lines.append(f"UID:{uid}")
    if stamp:
        lines.append("DTSTAMP:20260101T000000Z")
    lines += list(props)
    lines.append("END:VEVENT")
    return "\r\n".join(lines) + "\r\n"


def calendar(*events: str, header: str = "", zones: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//leanmeet tests//EN\r\n"
        + header + zones + "".join(events) + "END:VCALENDAR\r\n"
    )

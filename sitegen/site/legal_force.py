"""Tình trạng hiệu lực: a document's status on a given day, and when it next changes.

Pure and dated by the caller: the build passes the day of its own clock reading (the site's
time zone), never the machine's clock, so two builds of one input on one day are identical
and a daily rebuild keeps every status current.

From the dates: "Chưa có hiệu lực" before `effective` (the day of issue when not given),
"Còn hiệu lực" from then, "Hết hiệu lực" from `expires` or from the day the document
replacing it takes effect, whichever comes first. A `status` written in the front matter
wins over the dates, on every day (an agency that suspends a document says so itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..source.document_types import EXPIRED, IN_FORCE, NOT_YET_IN_FORCE


@dataclass(frozen=True)
class StatusOnDay:
    status: str                  # one of document_types.STATUSES
    changes_on: date | None      # the next day the status changes, None if it never does
    next_status: str = ""        # what it changes to


def status_timeline(issued: date, effective: date | None, expires: date | None,
                    replaced_from: date | None = None, written: str = "") -> tuple[tuple[date | None, str], ...]:
    """(from which day, status) in order; the first starts at None (always)."""
    if written:
        return ((None, written),)
    start = effective or issued
    ends = [day for day in (expires, replaced_from) if day is not None]
    end = min(ends) if ends else None
    if end is not None and end <= start:  # replaced (or ended) before it ever took effect
        return ((None, NOT_YET_IN_FORCE), (end, EXPIRED))
    timeline = [(None, NOT_YET_IN_FORCE), (start, IN_FORCE)]
    if end is not None:
        timeline.append((end, EXPIRED))
    return tuple(timeline)


def status_on(timeline: tuple[tuple[date | None, str], ...], day: date) -> StatusOnDay:
    """The status on `day` and the next change after it."""
    current = timeline[0][1]
    for since, status in timeline:
        if since is not None and since > day:
            return StatusOnDay(current, since, status)
        current = status
    return StatusOnDay(current, None)

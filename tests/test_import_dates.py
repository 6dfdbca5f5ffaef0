"""Dates as old portals, feeds and WordPress write them: read in Viet Nam's time, never shifted."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from sitegen.importer.dates import front_matter_date, parse_date

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize("written, expected", [
    ("Thứ Tư, 19/04/2023 - 08:30", datetime(2023, 4, 19, 8, 30)),
    ("08:30 | 19/04/2023", datetime(2023, 4, 19, 8, 30)),
    ("19/4/2023", datetime(2023, 4, 19)),
    ("Ngày 19 tháng 4 năm 2023", datetime(2023, 4, 19)),
    ("ngày 19 tháng 04 năm 2023 lúc 8h30", datetime(2023, 4, 19, 8, 30)),
    ("Cập nhật: 19-04-2023 14:05:09", datetime(2023, 4, 19, 14, 5, 9)),
    ("19/04/2023 02:15 CH", datetime(2023, 4, 19, 14, 15)),
    ("2023-04-19", datetime(2023, 4, 19)),
    ("2023-04-19T08:30:00", datetime(2023, 4, 19, 8, 30)),
    ("2023-04-19T08:30:00+07:00", datetime(2023, 4, 19, 8, 30)),
    ("2023-04-19T01:30:00Z", datetime(2023, 4, 19, 8, 30)),         # an offset keeps the instant
    ("2023-04-18T20:30:00-05:00", datetime(2023, 4, 19, 8, 30)),
    ("Wed, 19 Apr 2023 08:30:00 +0700", datetime(2023, 4, 19, 8, 30)),
    ("Wed, 19 Apr 2023 01:30:00 GMT", datetime(2023, 4, 19, 8, 30)),
    ("19/04/2023 08:30 (GMT+7)", datetime(2023, 4, 19, 8, 30)),
])
def test_portal_dates(written, expected):
    assert parse_date(written, VIETNAM) == expected.replace(tzinfo=VIETNAM)


@pytest.mark.parametrize("written", ["", "hôm qua", "31/02/2023", "Thứ Tư", "19/13/2023"])
def test_unreadable_dates_are_none(written):
    assert parse_date(written, VIETNAM) is None


def test_written_back_as_editors_write_dates():
    assert front_matter_date(datetime(2023, 4, 19, 8, 30, tzinfo=VIETNAM)) == "19/04/2023 08:30"
    assert front_matter_date(datetime(2023, 4, 19, tzinfo=VIETNAM)) == "19/04/2023"

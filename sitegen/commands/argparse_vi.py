"""argparse speaking Vietnamese: editors read `--help` and usage errors too.

Subcommand parsers are made with the parent's class, so every command added
later (`serve`, `new`, `check`) gets the same Vietnamese headings for free.
"""

from __future__ import annotations

import argparse
import re
import sys

# argparse's own English error wording → Vietnamese (the rest of the message is names and values).
_ERRORS = [
    (r"^the following arguments are required: (.*)$", r"thiếu \1"),
    (r"^unrecognized arguments: (.*)$", r"không hiểu tùy chọn: \1"),
    (r"^argument (\S+): invalid choice: (.*?) \(choose from (.*)\)$", r"\1: không có lựa chọn \2 (chọn một trong: \3)"),
    (r"^argument (\S+): expected one argument$", r"\1 cần một giá trị"),
    (r"^argument (\S+): invalid (\w+) value: (.*)$", r"\1: giá trị \3 không hợp lệ"),
]


class VietnameseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="Cách dùng: " if prefix is None else prefix)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose headings, -h and usage errors are in Vietnamese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "lệnh"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str):
        for english, vietnamese in _ERRORS:
            message = re.sub(english, vietnamese, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {message}. Xem thêm: {self.prog} --help\n")

"""The command line: `build` (and, added by later steps, `serve`, `new`, `check`).

Messages here are read by editors, so they are in Vietnamese.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .argparse_vi import VietnameseArgumentParser
from .errors import BuildFailed, Problem
from .pipeline import BuildOptions, BuildReport, build_site
from .vietnamese import format_datetime

DESCRIPTION = """Trình tạo trang tin tĩnh: biến các bài viết Markdown trong content/
thành một trang web hoàn chỉnh trong public/ (Static site generator for a
Vietnamese government news site)."""
EXAMPLES = """Ví dụ:
  python build.py build                      dựng trang vào public/
  python build.py build --drafts --future    xem trước cả bản nháp và bài hẹn giờ
  python build.py build --help               các tùy chọn của lệnh build"""


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads a site."""
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="thư mục của trang (chứa site.toml và content/); mặc định: thư mục hiện tại")
    parser.add_argument("--drafts", action="store_true", help="đăng cả bản nháp (draft: true)")
    parser.add_argument("--future", action="store_true", help="đăng cả bài hẹn giờ (ngày trong tương lai)")


def make_parser() -> argparse.ArgumentParser:
    parser = VietnameseArgumentParser(prog="build.py", description=DESCRIPTION, epilog=EXAMPLES)
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", required=True)

    build = commands.add_parser("build", help="dựng trang vào public/",
                                description="Dựng toàn bộ trang vào public/. Nếu có lỗi, public/ cũ được giữ nguyên.")
    add_site_options(build)
    build.add_argument("--output", type=Path, help="thư mục đầu ra; mặc định: public/ trong thư mục trang")
    build.add_argument("--base-url", help="dùng địa chỉ gốc này thay cho base_url trong site.toml")
    build.add_argument("--verbose", "-v", action="store_true", help="in thời gian của từng bước")
    build.add_argument("--no-cache", action="store_true",
                       help="dựng lại từ đầu, không đọc và không ghi bộ nhớ đệm .cache/")
    build.set_defaults(handler=run_build)
    return parser


def print_problems(problems: list[Problem], stream=sys.stderr) -> None:
    for problem in problems:
        print(problem.format(), file=stream)


def describe_held_back(report: BuildReport) -> str:
    """"Chưa đăng: 1 bản nháp, 2 bài hẹn giờ (sớm nhất: …)" or ""."""
    held = report.held_back
    parts = []
    if held.drafts:
        parts.append(f"{held.drafts} bản nháp (dùng --drafts để xem)")
    if held.scheduled:
        first, last = held.scheduled[0], held.scheduled[-1]
        when = format_datetime(first) if first == last else f"từ {format_datetime(first)} đến {format_datetime(last)}"
        parts.append(f"{len(held.scheduled)} bài hẹn giờ, sẽ đăng {when} (dùng --future để xem)")
    return "Chưa đăng: " + "; ".join(parts) + "." if parts else ""


def run_build(args: argparse.Namespace) -> int:
    options = BuildOptions(root=args.root, output=args.output, include_drafts=args.drafts,
                           include_future=args.future, base_url=args.base_url, use_cache=not args.no_cache)
    try:
        report = build_site(options)
    except BuildFailed as failure:
        print_problems(sorted(failure.problems + failure.warnings))
        print(f"\nCó {len(failure.problems)} lỗi, chưa dựng được trang. "
              f"Thư mục {options.output_dir.name}/ cũ được giữ nguyên. Sửa các lỗi trên rồi chạy lại.",
              file=sys.stderr)
        return 1
    print_problems(report.warnings)
    seconds = sum(report.timings.values())
    print(f"Đã dựng {report.pages} trang ({report.articles} bài viết) vào {options.output_dir} "
          f"trong {seconds:.2f} giây.")
    if report.warnings:
        print(f"Có {len(report.warnings)} cảnh báo (xem ở trên).")
    held = describe_held_back(report)
    if held:
        print(held)
    if args.verbose:
        print(f"  dựng lại {report.rendered} trang, ghi/xóa {report.changed} tệp")
        for step, took in report.timings.items():
            print(f"  {step:<10} {took * 1000:8.1f} ms")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.handler(args)

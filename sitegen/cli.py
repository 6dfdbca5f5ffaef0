"""The command line: `build`, `serve` (preview), `new` (article scaffold), `check` (content checks).

Messages here are read by editors, so they are in Vietnamese.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .commands.argparse_vi import VietnameseArgumentParser
from .common.errors import BuildFailed, Problem
from .common.progress import Progress
from .pipeline import BuildOptions, BuildReport, build_site
from .text.vietnamese import format_datetime
from .output.writer import InterruptedAfterPublishing

DESCRIPTION = """Trình tạo trang tin tĩnh: biến các bài viết Markdown trong content/
thành một trang web hoàn chỉnh trong public/ (Static site generator for a
Vietnamese government news site)."""
EXAMPLES = """Ví dụ:
  python build.py build                      dựng trang vào public/
  python build.py build --drafts --future    xem trước cả bản nháp và bài hẹn giờ
  python build.py build --help               các tùy chọn của lệnh build
  python build.py serve                      xem trước tại http://127.0.0.1:8000, tự tải lại khi lưu
  python build.py serve --admin              như trên, kèm trang soạn bài http://127.0.0.1:8000/quan-tri/
  python build.py new "Tiêu đề" -c tin-tuc   tạo bài mới (bản nháp)
  python build.py new --document "Trích yếu" --number 12/2024/QĐ-UBND --type "Quyết định"
                                             tạo văn bản mới (bản nháp) trong content/van-ban/
  python build.py check                      kiểm tra nội dung và chính tả, không ghi public/
  python build.py import ban-luu/hongngu.dongthap.gov.vn --dry-run
                                             chuyển bài từ trang cũ đã lưu (xem trước, chưa ghi)"""


def add_root_option(parser: argparse.ArgumentParser) -> None:
    """`--root`: which site a command works on (every command has it)."""
    parser.add_argument("--root", type=Path, default=Path.cwd(),
                        help="thư mục của trang (chứa site.toml và content/); mặc định: thư mục hiện tại")


def add_site_options(parser: argparse.ArgumentParser) -> None:
    """Options shared by every command that builds a site."""
    add_root_option(parser)
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
    add_workflow_commands(commands)
    return parser


def add_workflow_commands(commands) -> None:
    """`serve`, `new`, `check`: the editors' day-to-day commands (their logic lives in their own modules)."""
    serve = commands.add_parser("serve", help="xem trước trang, tự tải lại khi lưu tệp",
                                description="Xem trước trang tại http://127.0.0.1:8000 (cả bản nháp và bài hẹn giờ). "
                                            "Trang tự tải lại khi lưu tệp trong content/, templates/, assets/ "
                                            "hoặc site.toml. Không ghi vào public/.")
    add_root_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe; mặc định: 127.0.0.1 (chỉ máy này)")
    serve.add_argument("--port", type=int, default=8000, help="cổng; mặc định: 8000")
    serve.add_argument("--open", action="store_true", help="mở trình duyệt khi máy chủ sẵn sàng")
    serve.add_argument("--admin", action="store_true",
                       help="kèm trang quản trị tại /quan-tri/: soạn bài trên trình duyệt, lưu thẳng vào content/")
    serve.set_defaults(handler=run_serve)

    new = commands.add_parser("new", help="tạo bài viết mới (bản nháp)",
                              description="Tạo tệp Markdown cho một bài mới trong content/<chuyên mục>/, "
                                          "phần đầu bài điền sẵn, draft: true. Không ghi đè tệp đã có.")
    new.add_argument("title", metavar="TIÊU_ĐỀ", nargs="?", help="tiêu đề bài viết, trong ngoặc kép")
    new.add_argument("--category", "-c", help="chuyên mục (slug hoặc tên), ví dụ: tin-tuc (bắt buộc với bài viết)")
    new.add_argument("--author", "-a", help="tác giả; mặc định: default_author trong site.toml")
    new.add_argument("--document", metavar="TRÍCH_YẾU",
                     help="tạo văn bản mới trong content/van-ban/ (bản nháp) với trích yếu này, thay cho bài viết")
    new.add_argument("--number", help="số ký hiệu của văn bản, ví dụ: 12/2024/QĐ-UBND (dùng với --document)")
    new.add_argument("--type", help="loại văn bản, ví dụ: \"Quyết định\" (dùng với --document)")
    new.add_argument("--issued", help="ngày ban hành, ví dụ 05/03/2024; mặc định: hôm nay (dùng với --document)")
    add_root_option(new)
    new.set_defaults(handler=run_new)

    check = commands.add_parser("check", help="kiểm tra nội dung, không ghi public/",
                                description="Kiểm tra mọi thứ như khi dựng trang (không ghi public/), thêm liên kết "
                                            "hỏng, tiêu đề trùng, bài thiếu tóm tắt và lỗi chính tả, gõ phím tiếng Việt. "
                                            "Mã thoát: 0 không có lỗi, 1 có lỗi.")
    add_root_option(check)
    check.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi (dùng trong CI)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả; mặc định: text")
    check.set_defaults(handler=run_check)

    importer = commands.add_parser(
        "import", help="chuyển bài từ trang cũ vào content/",
        description="Chuyển bài viết từ trang cũ vào content/<chuyên mục>/<bài>/index.md, kèm ảnh và tệp đính kèm. "
                    "Chạy lại nhiều lần vẫn an toàn: bài đã nhập không bị nhập lại, tệp biên tập viên đã sửa "
                    "không bao giờ bị ghi đè. Mã thoát: 0 nhập đủ, 1 có bài bị bỏ qua, 2 không chạy được.",
        epilog="Ví dụ:\n"
               "  python build.py import ban-luu/hongngu.dongthap.gov.vn      thư mục lưu bằng wget --mirror\n"
               "  python build.py import tin-tuc.rss wordpress.xml             nguồn tin RSS/Atom, tệp xuất WordPress\n"
               "  python build.py import https://hongngu.dongthap.gov.vn/-/bai-viet   một trang còn trên mạng\n"
               "  python build.py import ban-luu/ --category-map chuyen-muc.csv --dry-run")
    importer.add_argument("sources", nargs="+", metavar="NGUỒN",
                          help="thư mục trang đã lưu, tệp RSS/Atom, tệp xuất WordPress (.xml), một trang .html, "
                               "hoặc địa chỉ http(s):// của một trang hay nguồn tin")
    importer.add_argument("--dry-run", action="store_true", help="chỉ in ra những gì sẽ làm, không ghi tệp nào")
    importer.add_argument("--update", action="store_true",
                          help="cập nhật bài đã nhập trước đó nếu trang cũ đã đổi (chỉ những tệp chưa ai sửa)")
    importer.add_argument("--category-map", type=Path, metavar="TỆP",
                          help="tệp .toml hoặc .csv ghép tên chuyên mục cũ với chuyên mục trong site.toml")
    add_root_option(importer)
    importer.set_defaults(handler=run_import)


def run_serve(args: argparse.Namespace) -> int:
    from .commands.serve import serve
    return serve(args.root, host=args.host, port=args.port, open_browser=args.open, admin=args.admin)


def run_new(args: argparse.Namespace) -> int:
    from .commands.new import ScaffoldError, new_article
    from .commands.new_document import new_document
    if args.document is None and (args.title is None or args.category is None):
        print("Cần tiêu đề và --category để tạo bài viết, ví dụ: python build.py new \"Tiêu đề\" -c tin-tuc; "
              "hoặc --document \"Trích yếu\" --number … --type … để tạo văn bản.", file=sys.stderr)
        return 2
    try:
        if args.document is not None:
            path = new_document(args.root, args.document, args.number, args.type, issued=args.issued)
        else:
            path = new_article(args.root, args.title, args.category, author=args.author)
    except BuildFailed as failure:
        print_problems(failure.problems)
        return 1
    except ScaffoldError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"Đã tạo {path.relative_to(args.root.resolve()).as_posix()} (bản nháp, draft: true).")
    if args.document is not None:
        print(f"Đặt tệp văn bản (PDF…) vào {path.parent.relative_to(args.root.resolve()).as_posix()}/ với tên ghi ở "
              "files:, điền các dòng còn lại; khi sẵn sàng đăng, xóa dòng draft: true.")
    else:
        print("Viết nội dung, xem trước bằng: python build.py serve; khi sẵn sàng đăng, xóa dòng draft: true.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from .commands.importing import import_sources
    return import_sources(args.root, args.sources, dry_run=args.dry_run, update=args.update,
                          category_map=args.category_map)


def run_check(args: argparse.Namespace) -> int:
    from .commands.check import check_site, exit_status, report_json, report_text
    # A person at a terminal sees the step; `--format json` is read by a program: nothing but JSON.
    with Progress(enabled=False) if args.format == "json" else Progress() as progress:
        problems = check_site(args.root, progress)
    if args.format == "json":
        print(report_json(problems, strict=args.strict))
    else:
        print(report_text(problems, strict=args.strict))
    return exit_status(problems, strict=args.strict)


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
    try:
        with Progress() as progress:
            options = BuildOptions(root=args.root, output=args.output, include_drafts=args.drafts,
                                   include_future=args.future, base_url=args.base_url,
                                   use_cache=not args.no_cache, progress=progress)
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
        if report.photos_encoded or report.photos_reused:
            print(f"  Ảnh: {report.photos_encoded} ảnh xử lý mới, {report.photos_reused} ảnh lấy lại từ .cache/images/")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InterruptedAfterPublishing:
        print("\nĐã dừng theo yêu cầu, sau khi ghi xong trang mới vào public/ (trang đã đăng đầy đủ).",
              file=sys.stderr)
        return 130
    except KeyboardInterrupt:  # Ctrl+C: the writer has already put everything back
        print("\nĐã dừng theo yêu cầu. Trang đã đăng (public/) được giữ nguyên.", file=sys.stderr)
        return 130

"""`python build.py new --document "Trích yếu" --number 12/2024/QĐ-UBND --type "Quyết định"`:
a new draft document of the register, front matter filled in.

It goes into its own folder, `content/van-ban/<number as a slug>/index.md`, where the editor
puts the document's file (the name the front matter already gives). The number and the type
are checked first, with the build's own rules; an existing file is never overwritten.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from ..source.config import Config, load_config
from ..source.content import DOCUMENTS_DIR, parse_date
from ..source.document_types import DocumentType
from ..text.document_numbers import number_problem, number_slug
from ..text.vietnamese import nfc
from .new import ScaffoldError


def document_text(summary: str, number: str, kind: DocumentType, issued: date, issuer: str, file_name: str) -> str:
    """The new file's text: the required fields filled in, the optional ones as comments to fill."""
    def quoted(value: str) -> str:  # a JSON string is a valid YAML double-quoted scalar
        return json.dumps(value, ensure_ascii=False)

    return "\n".join([
        "---",
        f"number: {quoted(number)}",
        f"type: {quoted(kind.name)}",
        f"issuer: {quoted(issuer)}",
        f"issued: {issued:%d/%m/%Y}",
        "# effective: 15/01/2025          # ngày có hiệu lực (bỏ trống: từ ngày ban hành)",
        "# expires: 31/12/2025            # ngày hết hiệu lực, nếu văn bản ghi",
        "# fields: [Đất đai]              # lĩnh vực, khai báo trong site.toml",
        "# signer: {name: Họ và tên, position: Chức vụ}",
        "# replaces: [05/2019/QĐ-UBND]    # văn bản bị thay thế; amends: văn bản được sửa đổi, bổ sung",
        f"summary: {quoted(summary)}",
        "files:",
        f"  - {file_name}                  # đặt tệp văn bản cạnh tệp này, đúng tên này",
        "draft: true",
        "---",
        "",
        "<!-- Có thể ghi toàn văn hoặc ghi chú dưới dòng này (không bắt buộc). Khi văn bản sẵn sàng đăng, "
        "xóa dòng \"draft: true\" ở trên. -->",
        "",
    ])


def new_document(root: Path, summary: str, number: str, type_name: str, issued: str | None = None,
                 now: datetime | None = None) -> Path:
    """Create the draft document and return its path; raise ScaffoldError (or BuildFailed for site.toml)."""
    root = root.resolve()
    config = load_config(root)
    summary, number = nfc(summary).strip(), nfc(number or "").strip()
    if not summary:
        raise ScaffoldError("Trích yếu trống. Ví dụ: python build.py new --document \"Ban hành Quy chế làm việc\" "
                            "--number 12/2024/QĐ-UBND --type \"Quyết định\"")
    if not number:
        raise ScaffoldError("Thiếu số ký hiệu: thêm --number, ví dụ --number 12/2024/QĐ-UBND.")
    problem = number_problem(number)
    if problem:
        raise ScaffoldError(f"Số ký hiệu: {problem[0]} {problem[1]}")
    kind = config.documents.find_type(type_name or "")
    if kind is None:
        raise ScaffoldError(f"Loại văn bản \"{type_name or ''}\" không có. Các loại: "
                            + ", ".join(t.name for t in config.documents.types) + ".")
    day = _issued_day(issued, config, now)
    slug = number_slug(number, day.year)
    path = root / "content" / DOCUMENTS_DIR / slug / "index.md"
    if path.exists():
        raise ScaffoldError(f"Đã có tệp {path.relative_to(root).as_posix()}: không ghi đè. "
                            "Mở tệp đó để sửa, hoặc kiểm tra lại số ký hiệu.")
    text = document_text(summary, number, kind, day, config.documents.issuer, f"{slug}.pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite, even in a race
        handle.write(text)
    return path


def _issued_day(issued: str | None, config: Config, now: datetime | None) -> date:
    if issued:
        moment, message = parse_date(issued, config.site.tz)
        if message:
            raise ScaffoldError(f"Ngày ban hành: {message} Viết ngày theo dạng 05/03/2024.")
        return moment.date()
    return (now or datetime.now(tz=config.site.tz)).astimezone(config.site.tz).date()

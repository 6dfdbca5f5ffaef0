"""`python build.py new "Tiêu đề" --category tin-tuc`: a new draft article, front matter filled in.

The file goes to `content/<category slug>/<slug from the title>.md`; an
existing file is never overwritten.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from ..source.config import load_config
from ..text.vietnamese import nfc, slugify


class ScaffoldError(Exception):
    """Why the article could not be created, in Vietnamese, for the editor."""


def article_text(title: str, date: datetime, category: str, author: str) -> str:
    """The new file's text: front matter with every field an editor usually fills, then a hint."""
    def quoted(value: str) -> str:  # a JSON string is a valid YAML double-quoted scalar
        return json.dumps(value, ensure_ascii=False)

    lines = ["---", f"title: {quoted(title)}", f"date: {date.strftime('%d/%m/%Y %H:%M')}",
             f"category: {quoted(category)}"]
    if author:
        lines.append(f"author: {quoted(author)}")
    lines += ['summary: ""', "tags: []", "draft: true", "---", "",
              "<!-- Viết nội dung bài dưới dòng này. Khi bài sẵn sàng đăng, xóa dòng \"draft: true\" ở trên. -->",
              ""]
    return "\n".join(lines)


def new_article(root: Path, title: str, category: str, author: str | None = None,
                now: datetime | None = None) -> Path:
    """Create the draft article file and return its path; raise ScaffoldError (or BuildFailed for site.toml)."""
    root = root.resolve()
    config = load_config(root)
    title = nfc(title).strip()
    found = config.find_category(category)
    if found is None:
        names = ", ".join(f"{c.slug} ({c.name})" for c in config.categories)
        raise ScaffoldError(f"Chuyên mục \"{category}\" không có trong site.toml. Các chuyên mục: {names}.")
    slug = slugify(title)
    if not title or not slug:
        raise ScaffoldError("Tiêu đề trống hoặc không có chữ nào. Ví dụ: "
                            "python build.py new \"Hội nghị tổng kết năm 2024\" --category tin-tuc")
    path = root / "content" / found.slug / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(f"Đã có tệp {path.relative_to(root).as_posix()}: không ghi đè. "
                            "Mở tệp đó để sửa, hoặc đặt tiêu đề khác.")
    moment = (now or datetime.now(tz=config.site.tz)).astimezone(config.site.tz)
    text = article_text(title, moment, found.name, author if author is not None else config.site.default_author)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": fails rather than overwrite, even in a race
        handle.write(text)
    return path

"""The front matter of an imported article, written the way editors write theirs."""

from __future__ import annotations

from datetime import datetime

import yaml

from .dates import front_matter_date

UNKNOWN_DATE = "01/01/2000"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's: six times faster on 5,000 articles  # only with draft: true and a comment saying the date must be set


def front_matter(*, title: str, date: datetime | None, date_text: str, category: str, author: str,
                 tags: tuple[str, ...], summary: str, image: str, source: str, aliases: tuple[str, ...],
                 draft: bool, is_page: bool, slug: str = "") -> str:
    """The `---` block, keys in a fixed order: the same article always gives the same bytes."""
    fields: dict[str, object] = {"title": title}
    if slug:  # only when the title's own slug was taken: "-2"
        fields["slug"] = slug
    if not is_page:
        fields["date"] = front_matter_date(date) if date else UNKNOWN_DATE
        fields["category"] = category
        if author:
            fields["author"] = author
        if tags:
            fields["tags"] = list(tags)
    if summary:
        fields["summary"] = summary
    if image:
        fields["image"] = image
    if draft or (date is None and not is_page):
        fields["draft"] = True
    if source:
        fields["source"] = source
    if aliases:
        fields["aliases"] = list(aliases)
    text = yaml.dump(fields, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000,
                     default_flow_style=False)
    if date is None and not is_page:
        said = f" \"{date_text}\"" if date_text else ""
        note = (f"# Không đọc được ngày đăng{said} ở trang cũ: sửa dòng date bên dưới "
                "cho đúng rồi xóa dòng draft: true.\n")
        text = text.replace("date: ", note + "date: ", 1)
    return "---\n" + text + "---\n"

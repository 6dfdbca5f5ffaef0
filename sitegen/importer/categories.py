"""Which of site.toml's categories an old article goes to: by name or slug (tone placement and
case ignored), or through `--category-map` (TOML `"Tin tức – Sự kiện" = "tin-tuc"`, or CSV of
two columns). Names nobody mapped are counted, to be listed with the closest match."""

from __future__ import annotations

import csv
import difflib
import io
import tomllib
from collections import Counter
from pathlib import Path

from ..source.config import Category, Config
from ..text.vietnamese import fold_tone_placement, slugify

ANY = "*"  # the map's key for articles whose source names no category


class CategoryMapError(Exception):
    """The map file cannot be used: the message says where and what to do (Vietnamese)."""


def _key(name: str) -> str:
    return slugify(fold_tone_placement(name))


class CategoryMap:
    def __init__(self, config: Config, mapping: dict[str, str] | None = None):
        self.categories = config.categories
        self._by_key = {}
        for category in config.categories:
            self._by_key[_key(category.name)] = category
            self._by_key[category.slug] = category
        self._mapped: dict[str, Category] = {}
        for written, target in (mapping or {}).items():
            category = self._by_key.get(_key(target))
            if category is None:
                raise CategoryMapError(f"chuyên mục \"{target}\" (cho \"{written}\") không có trong site.toml. "
                                       "Các chuyên mục: " + ", ".join(c.slug for c in self.categories) + ".")
            self._mapped[ANY if written.strip() == ANY else _key(written)] = category
        self.unknown: Counter[str] = Counter()

    def find(self, written: str) -> Category | None:
        """The category for a name the old site used; None (and counted) when nothing matches."""
        if not written.strip():
            return self._mapped.get(ANY) or (self.categories[0] if self.categories else None)
        key = _key(written)
        found = self._mapped.get(key) or self._by_key.get(key)
        if found is None:
            self.unknown[" ".join(written.split())] += 1
        return found

    def closest(self, written: str) -> str:
        """The site.toml category whose name is nearest to written, for the report."""
        names = {c.name: c for c in self.categories}
        match = difflib.get_close_matches(_key(written), [_key(name) for name in names], n=1, cutoff=0.0)
        for name in names:
            if match and _key(name) == match[0]:
                return f"{name} ({names[name].slug})"
        return ""


def read_category_map(path: Path) -> dict[str, str]:
    """{old name: site.toml name or slug} from a .toml or .csv file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CategoryMapError(f"{path}: không đọc được tệp ({error}). Lưu tệp với bảng mã UTF-8.") from None
    if path.suffix.lower() == ".toml":
        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise CategoryMapError(f"{path}: cú pháp TOML sai ({error}). Mỗi dòng: \"Tên cũ\" = \"slug-moi\".") from None
        table = document.get("categories", document)
        return {str(key): str(value) for key, value in table.items() if isinstance(value, str)}
    mapping = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[1]:
            raise CategoryMapError(f"{path}:{number}: mỗi dòng cần hai cột: tên chuyên mục cũ, chuyên mục mới.")
        if number == 1 and _key(cells[1]) in ("chuyen-muc-moi", "new", "target", "category"):
            continue  # a header row
        mapping[cells[0]] = cells[1]
    return mapping

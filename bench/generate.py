"""Generate a synthetic news site for the benchmark, deterministically (seeded).

`python bench/generate.py 10000 bench/sites/10000` writes two trees with the
same N articles (about 500 words of Vietnamese each, with headings, lists,
links and bold, spread over several categories, tags and years):

    DEST/ours/   site.toml + content/<category>/<slug>.md   (our front matter)
    DEST/hugo/   hugo.toml + content/<category>/<slug>.md   (Hugo front matter, same body)

`--documents M` adds M documents of the register to our tree (content/van-ban/,
numbers, types, issuers, fields, dates over the same 12 years, a third of them
replacing or amending an earlier one, each with its file): Hugo has no register.

The same seed always gives byte-identical files, so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

SEED = 20231904
PER_PAGE = 10
HUGO_THEME = Path(__file__).resolve().parent / "hugo"

CATEGORIES = [
    ("tin-tuc", "Tin tức"),
    ("thong-bao", "Thông báo"),
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa – Xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng – An ninh"),
    ("xay-dung-dang", "Xây dựng Đảng"),
]
TAGS = [
    "Mặt trận Tổ quốc", "Xây dựng Đảng", "Nông thôn mới", "Chuyển đổi số", "Cải cách hành chính",
    "Giáo dục", "Y tế", "Giao thông", "Thủy lợi", "Phòng chống thiên tai", "Du lịch", "Khởi nghiệp",
    "An sinh xã hội", "Thanh niên", "Phụ nữ", "Cựu chiến binh", "Nông nghiệp", "Thương mại",
    "Môi trường", "Đô thị", "Biên giới", "Văn hóa", "Thể thao", "Lễ hội", "Đầu tư công",
    "Hội nghị", "Tiếp công dân", "Bầu cử", "Quốc phòng", "An ninh trật tự",
] + [f"Phường An Lộc {n}" for n in range(1, 11)] + [f"Xã Tân Hội {n}" for n in range(1, 11)]
AUTHORS = ["Hoàng Phương", "Ngọc Ánh", "Minh Tâm", "Thanh Hải", "Bảo Trân", "Quốc Việt", "Thu Hà"]
PLACES = ["Hồng Ngự", "Đồng Tháp", "An Lộc", "An Thạnh", "Tân Hội", "Bình Thạnh", "Thường Thới Hậu A",
          "Khóm An Thạnh A", "phường An Bình"]
WORDS = (
    "ủy ban nhân dân thành phố tổ chức hội nghị triển khai kế hoạch phối hợp nâng cao vai trò lãnh đạo "
    "chi bộ ban công tác mặt trận ấp khóm giai đoạn đồng chí bí thư thường trực phát biểu chỉ đạo yêu cầu "
    "các cơ quan đơn vị địa phương thực hiện tốt nhiệm vụ được giao tiếp tục đẩy mạnh tuyên truyền vận động "
    "nhân dân tham gia phong trào thi đua yêu nước xây dựng nông thôn mới đô thị văn minh kết quả đạt được "
    "trong năm qua khá toàn diện kinh tế tăng trưởng ổn định đời sống người dân từng bước cải thiện công tác "
    "cải cách hành chính chuyển đổi số được quan tâm chất lượng giáo dục y tế nâng lên an ninh chính trị trật "
    "tự an toàn xã hội được giữ vững bên cạnh đó vẫn còn một số khó khăn hạn chế cần khắc phục thời gian tới "
    "đề nghị sở ngành huyện xã phường tập trung rà soát đánh giá báo cáo kịp thời đúng quy định hướng dẫn "
    "đoàn kết thống nhất phát huy sức mạnh hệ thống chính trị cơ sở vững mạnh toàn diện người dân doanh "
    "nghiệp hài lòng dịch vụ công trực tuyến mức độ hồ sơ giải quyết đúng hạn tỷ lệ đạt trên phần trăm"
).split()
HEADINGS = ["Kết quả nổi bật", "Những khó khăn, hạn chế", "Nhiệm vụ trọng tâm thời gian tới",
            "Ý kiến chỉ đạo", "Giải pháp thực hiện", "Tổ chức thực hiện", "Đánh giá chung"]
TITLE_OPENINGS = ["Hội nghị", "Triển khai", "Tổng kết", "Ra mắt", "Khánh thành", "Tập huấn", "Thông báo",
                  "Kiểm tra", "Phát động", "Họp mặt", "Tuyên dương", "Sơ kết"]


def slugify(text: str) -> str:
    """Same rule as the site (đ→d, accents dropped, dashes)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    out, dash = [], False
    for char in text:
        if char.isalnum():
            out.append(char)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def sentence(rng: random.Random, low: int = 10, high: int = 22) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), rng.choice(PLACES))
    if rng.random() < 0.25:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, count: int, n: int) -> str:
    sentences = [sentence(rng) for _ in range(rng.randint(3, 5))]
    if rng.random() < 0.5:
        other = rng.randrange(count)
        sentences.append(f"Xem thêm [bài liên quan số {other}](/tin-tuc/bai-{other}/).")
    if rng.random() < 0.2:
        sentences.append("Chi tiết tại [Cổng dịch vụ công](https://dichvucong.gov.vn/).")
    return " ".join(sentences)


def article(rng: random.Random, index: int, count: int, start: datetime, span_days: int) -> dict:
    """One article's fields and Markdown body (~500 words)."""
    category = CATEGORIES[rng.randrange(len(CATEGORIES))]
    title_words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12)))
    title = f"{rng.choice(TITLE_OPENINGS)} {title_words} tại {rng.choice(PLACES)} ({index})"
    date = start + timedelta(days=rng.randrange(span_days), minutes=rng.randrange(24 * 60))
    tags = rng.sample(TAGS, rng.randint(1, 4))
    blocks = [paragraph(rng, count, index), paragraph(rng, count, index)]
    for heading in rng.sample(HEADINGS, 2):
        blocks.append(f"## {heading}")
        blocks.append(paragraph(rng, count, index))
        if rng.random() < 0.6:
            blocks.append("\n".join(f"- {sentence(rng, 6, 12)}" for _ in range(rng.randint(3, 5))))
        else:
            blocks.append("\n".join(f"{n}. {sentence(rng, 6, 12)}" for n in range(1, rng.randint(3, 5) + 1)))
        blocks.append(paragraph(rng, count, index))
    return {"index": index, "slug": f"bai-{index}", "category": category, "title": title, "date": date,
            "tags": tags, "author": rng.choice(AUTHORS), "body": "\n\n".join(blocks) + "\n"}


def corpus(count: int, seed: int = SEED) -> list[dict]:
    rng = random.Random(seed)
    start = datetime(2012, 1, 1, 7, 0)
    span_days = 365 * 12
    return [article(rng, index, count, start, span_days) for index in range(count)]


DOCUMENT_TYPES = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Thông báo", "TB"), ("Công văn", ""),
                  ("Báo cáo", "BC"), ("Chỉ thị", "CT"), ("Nghị quyết", "NQ"), ("Tờ trình", "TTr")]
ISSUERS = [("Ủy ban Nhân dân thành phố Hồng Ngự", "UBND"), ("Hội đồng Nhân dân thành phố Hồng Ngự", "HĐND"),
           ("Phòng Tài chính – Kế hoạch", "TCKH"), ("Phòng Tài nguyên và Môi trường", "TNMT"),
           ("Phòng Giáo dục và Đào tạo", "GDĐT"), ("Phòng Văn hóa và Thông tin", "VHTT")]
DOCUMENT_FIELDS = [("dat-dai", "Đất đai"), ("xay-dung", "Xây dựng"), ("tai-chinh", "Tài chính – Ngân sách"),
                   ("giao-duc", "Giáo dục"), ("y-te", "Y tế"), ("van-hoa", "Văn hóa – Xã hội"),
                   ("cai-cach-hanh-chinh", "Cải cách hành chính"), ("nong-nghiep", "Nông nghiệp")]
SIGNERS = [("Nguyễn Văn An", "Chủ tịch"), ("Trần Thị Bình", "Phó Chủ tịch"), ("Lê Minh Châu", "Phó Chủ tịch"),
           ("Phạm Quốc Dũng", "Trưởng phòng")]
DOCUMENT_FILE_SIZE = 20_000  # bytes of each document's own PDF (an agency's are larger: the build reads only new ones)


def documents(count: int, seed: int = SEED) -> list[dict]:
    """`count` documents, oldest first, numbered per year and code as agencies number them."""
    rng = random.Random(seed + 1)
    start = datetime(2012, 1, 1)
    days = sorted(rng.randrange(365 * 12) for _ in range(count))
    numbers: dict[tuple[int, str], int] = {}
    made = []
    for index, day in enumerate(days):
        issued = start + timedelta(days=day)
        kind, code = rng.choice(DOCUMENT_TYPES)
        issuer, issuer_code = rng.choice(ISSUERS)
        legal = code in ("QĐ", "NQ") and rng.random() < 0.3
        group = f"{code}-{issuer_code}" if code else f"{issuer_code}-VP"
        key = (issued.year, group if not legal else f"{issued.year}/{group}")
        numbers[key] = numbers.get(key, 0) + 1
        ordinal = f"{numbers[key]:02d}"
        number = f"{ordinal}/{issued.year}/{group}" if legal else f"{ordinal}/{group}"
        item = {"index": index, "number": number, "type": kind, "issuer": issuer, "issued": issued,
                "effective": issued + timedelta(days=rng.choice([0, 0, 10, 15])) if rng.random() < 0.7 else None,
                "expires": issued + timedelta(days=rng.randrange(400, 3000)) if rng.random() < 0.15 else None,
                "fields": [name for _slug, name in rng.sample(DOCUMENT_FIELDS, rng.randint(0, 2))],
                "signer": rng.choice(SIGNERS),
                "summary": (f"{rng.choice(TITLE_OPENINGS)} " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 24)))
                            + f" tại {rng.choice(PLACES)}"),
                "body": sentence(rng, 20, 40) if rng.random() < 0.3 else "", "relation": None}
        if made and rng.random() < 0.3:
            other = made[rng.randrange(max(0, len(made) - 300), len(made))]
            # A number without its year repeats every year: cited with its date, as documents cite.
            cited = other["number"] if other["number"].count("/") == 2 else \
                f"{other['number']} ngày {other['issued']:%d/%m/%Y}"
            item["relation"] = (rng.choice(["replaces", "amends"]), cited)
        made.append(item)
    return made


def our_document(item: dict) -> str:
    lines = ["---", f"number: {item['number']}", f"type: {item['type']}", f"issuer: {quoted(item['issuer'])}",
             f"issued: {item['issued']:%d/%m/%Y}"]
    if item["effective"]:
        lines.append(f"effective: {item['effective']:%d/%m/%Y}")
    if item["expires"]:
        lines.append(f"expires: {item['expires']:%d/%m/%Y}")
    if item["fields"]:
        lines.append(f"fields: [{', '.join(item['fields'])}]")
    lines += [f"signer: {{name: {item['signer'][0]}, position: {item['signer'][1]}}}",
              f"summary: {quoted(item['summary'][0].upper() + item['summary'][1:])}",
              f"files: [{document_file(item)}]"]
    if item["relation"]:
        lines.append(f"{item['relation'][0]}: [{item['relation'][1]}]")
    return "\n".join(lines) + "\n---\n\n" + item["body"] + ("\n" if item["body"] else "")


def document_file(item: dict) -> str:
    """Each document its own file, as an agency's register has: /media/van-ban/vb-<n>.pdf."""
    return f"/media/van-ban/vb-{item['index']}.pdf"


def documents_toml() -> str:
    """The `[documents]` part of site.toml the generated documents need: their fields."""
    lines = ["[documents]", "per_page = 20", ""]
    for slug, name in DOCUMENT_FIELDS:
        lines += ["[[documents.fields]]", f'slug = "{slug}"', f'name = "{name}"', ""]
    return "\n".join(lines)


def write_documents(count: int, ours: Path, seed: int = SEED) -> None:
    """content/van-ban/<n>.md for `count` documents and a PDF each; site.toml declares the fields."""
    folder = ours / "content" / "van-ban"
    folder.mkdir(parents=True, exist_ok=True)
    files = ours / "content" / "media" / "van-ban"
    files.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 2)
    for item in documents(count, seed):
        (folder / f"vb-{item['index']}.md").write_text(our_document(item), encoding="utf-8")
        (files / f"vb-{item['index']}.pdf").write_bytes(
            f"%PDF-1.4\n% {item['number']}\n".encode() + rng.randbytes(DOCUMENT_FILE_SIZE) + b"\n%%EOF\n")
    config = ours / "site.toml"
    if "[documents]" not in config.read_text(encoding="utf-8"):
        with config.open("a", encoding="utf-8") as file:
            file.write("\n" + documents_toml())


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def our_site_toml() -> str:
    lines = ['[site]', 'name = "Trang thông tin điện tử Thành phố Hồng Ngự (bench)"', 'tagline = "Tỉnh Đồng Tháp"',
             'base_url = "https://hongngu.example.gov.vn/"', f'articles_per_page = {PER_PAGE}',
             'default_author = "Ban biên tập"', '',
             '[agency]', 'name = "Ủy ban Nhân dân thành phố Hồng Ngự"',
             'address = "Khóm An Thạnh A, phường An Lộc, Thành phố Hồng Ngự - tỉnh Đồng Tháp"',
             'phone = "0277.3563.362"', '', '[[menu]]', 'title = "Trang chủ"', 'url = "/"', '']
    for slug, name in CATEGORIES:
        lines += ['[[categories]]', f'slug = "{slug}"', f'name = "{name}"', '']
    return "\n".join(lines)


def our_article(item: dict) -> str:
    date = item["date"]
    return ("---\n"
            f"title: {quoted(item['title'])}\n"
            f"slug: {item['slug']}\n"
            f"date: {date:%d/%m/%Y %H:%M}\n"
            f"category: {quoted(item['category'][1])}\n"
            f"author: {item['author']}\n"
            f"tags: [{', '.join(item['tags'])}]\n"
            "---\n\n" + item["body"])


def hugo_article(item: dict) -> str:
    tags = ", ".join(quoted(t) for t in item["tags"])
    return ("---\n"
            f"title: {quoted(item['title'])}\n"
            f"slug: {item['slug']}\n"
            f"date: {item['date']:%Y-%m-%dT%H:%M:00}+07:00\n"
            f"author: {quoted(item['author'])}\n"
            f"tags: [{tags}]\n"
            "---\n\n" + item["body"])


def hugo_config() -> str:
    return "\n".join([
        'baseURL = "https://hongngu.example.gov.vn/"', 'languageCode = "vi"',
        'title = "Trang thông tin điện tử Thành phố Hồng Ngự (bench)"', f'paginate = {PER_PAGE}',
        'timeZone = "Asia/Ho_Chi_Minh"', '[taxonomies]', 'tag = "tags"',
        '[params]', 'phone = "0277.3563.362"',
        '[markup.goldmark.renderer]', 'unsafe = false', '',
    ])


def write_site(count: int, destination: Path, seed: int = SEED, document_count: int = 0) -> None:
    """Write DEST/ours and DEST/hugo for `count` articles (replacing what was there), and
    `document_count` documents of the register in DEST/ours."""
    if destination.exists():
        shutil.rmtree(destination)
    ours, hugo = destination / "ours", destination / "hugo"
    (ours / "content").mkdir(parents=True)
    (ours / "site.toml").write_text(our_site_toml(), encoding="utf-8")
    (hugo / "content").mkdir(parents=True)
    (hugo / "hugo.toml").write_text(hugo_config(), encoding="utf-8")
    shutil.copytree(HUGO_THEME / "layouts", hugo / "layouts")
    for slug, name in CATEGORIES:
        (ours / "content" / slug).mkdir()
        (hugo / "content" / slug).mkdir()
        (hugo / "content" / slug / "_index.md").write_text(f"---\ntitle: {quoted(name)}\n---\n", encoding="utf-8")
    for item in corpus(count, seed):
        slug = item["category"][0]
        (ours / "content" / slug / f"{item['slug']}.md").write_text(our_article(item), encoding="utf-8")
        (hugo / "content" / slug / f"{item['slug']}.md").write_text(hugo_article(item), encoding="utf-8")
    if document_count:
        write_documents(document_count, ours, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("destination", type=Path)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--documents", type=int, default=0, help="documents of the register to add")
    args = parser.parse_args(argv)
    write_site(args.count, args.destination, args.seed, args.documents)
    return 0


if __name__ == "__main__":
    sys.exit(main())

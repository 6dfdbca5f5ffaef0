"""Main-content extractors on Liferay-like Vietnamese pages (tests/fixtures/import/): what each keeps
(photos, captions, the data table, nested lists, the PDF link) and drops (sidebar, footer, share
buttons, the portlet title, "null"), and its time per page. Not part of the project's environment:

    python3 -m venv /tmp/m && /tmp/m/bin/pip install trafilatura==2.3.1 readability-lxml==0.9 lxml cssselect
    /tmp/m/bin/python bench/import_measure/extractors.py tests/fixtures/import

Results are recorded in docs/importer.md."""
import sys, time, re
from pathlib import Path
import trafilatura
from readability import Document
from lxml import html as lh

pages = ["sample-article.html", "digital-article.html", "notice.html"]
root = Path(sys.argv[1])
checks = {
    "photo kept": lambda h, t: "hoi-nghi-chuyen-doi-so.jpg" in h or "tru-so.png" in h,
    "caption kept": lambda h, t: "Quang cảnh hội nghị triển khai" in t or "Trụ sở Ban Tiếp công dân" in t,
    "data table kept": lambda h, t: "<table" in h and "Thanh toán không dùng tiền mặt" in t,
    "nested list kept": lambda h, t: h.count("<ul") + h.count("<list") >= 2,
    "PDF link kept": lambda h, t: "ke-hoach-chuyen-doi-so-2023.pdf" in h,
    "no sidebar": lambda h, t: "Các tin khác" not in t and "Lượt truy cập" not in t,
    "no footer": lambda h, t: "Đơn vị chủ quản" not in t,
    "no share": lambda h, t: "Chia sẻ Facebook" not in t,
    "no portlet title": lambda h, t: "Chi tiết bài viết" not in t,
    "no null": lambda h, t: not re.search(r"(^|>|\n)\s*null\s*($|<|\n)", h),
    "body paragraphs": lambda h, t: "Phát biểu chỉ đạo tại hội nghị" in t or "Kết quả năm 2022" in t or "thứ Năm hằng tuần" in t,
}
def text_of(h):
    try:
        return lh.fromstring(h).text_content()
    except Exception:
        return h
def traf(src):
    return trafilatura.extract(src, output_format="html", include_images=True, include_tables=True,
                               include_links=True, include_formatting=True, favor_recall=True) or ""
def readab(src):
    return Document(src).summary(html_partial=True)
for name, fn in [("trafilatura 2.3.1", traf), ("readability-lxml 0.9", readab)]:
    results = {k: 0 for k in checks}
    applicable = {k: 0 for k in checks}
    start = time.perf_counter()
    for page in pages:
        src = (root / page).read_text(encoding="utf-8")
        out = fn(src)
        t = text_of(out) if out else ""
        for k, check in checks.items():
            if k in ("photo kept", "caption kept") and page == "sample-article.html":
                continue
            if k in ("data table kept", "nested list kept", "PDF link kept") and page != "digital-article.html":
                continue
            applicable[k] += 1
            results[k] += bool(check(out, t))
    n = 200
    t0 = time.perf_counter()
    src = (root / "digital-article.html").read_text(encoding="utf-8")
    for _ in range(n):
        fn(src)
    per = (time.perf_counter() - t0) / n * 1000
    print(f"## {name}: {per:.1f} ms per page")
    for k in checks:
        print(f"  {k}: {results[k]}/{applicable[k]}")

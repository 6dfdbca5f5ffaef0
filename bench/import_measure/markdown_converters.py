"""HTML→Markdown candidates on the body of tests/fixtures/import/digital-article.html: time per body,
what a <figure> becomes, how a nested list is indented. Not part of the project's environment:

    python3 -m venv /tmp/m && /tmp/m/bin/pip install markdownify==1.2.3 html-to-markdown==3.19.0 lxml cssselect
    /tmp/m/bin/python bench/import_measure/markdown_converters.py

Results are recorded in docs/importer.md."""
import time
from pathlib import Path
from markdownify import markdownify
import html_to_markdown
from lxml import html as lh
src = open(Path(__file__).resolve().parents[2] / "tests/fixtures/import/digital-article.html", encoding="utf-8").read()
body = lh.tostring(lh.document_fromstring(src).cssselect(".journal-content-article")[0], encoding="unicode")
fig = '<figure><img src="a.jpg" alt="Ảnh"><figcaption>Chú thích ảnh</figcaption></figure>'
for name, fn in [("markdownify 1.2.3", lambda h: markdownify(h, heading_style="ATX", bullets="-")),
                 ("html-to-markdown 3.19.0", lambda h: html_to_markdown.convert(h).content)]:
    out = fn(body)
    n = 300
    t = time.perf_counter()
    for _ in range(n):
        fn(body)
    per = (time.perf_counter() - t) / n * 1000
    print(f"## {name}: {per:.2f} ms per body")
    print("  figure ->", repr(fn(fig)[:120]))
    print("  nested list lines:", [l for l in out.splitlines() if "cáp quang" in l])

"""The old portal the import tests read: Liferay-like saved pages (tests/fixtures/import/) laid out as
`wget --mirror --adjust-extension` leaves them, with their photo and PDF, and a site to import into."""

from __future__ import annotations

from pathlib import Path

from conftest import MINIMAL_CONFIG, make_site, photo

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
HOST = "hongngu.dongthap.gov.vn"
SAMPLE_ARTICLE = Path(__file__).resolve().parent.parent / "content" / "tin-tuc" / \
    "hoi-nghi-ky-ket-ke-hoach-phoi-hop-chi-bo-ban-cong-tac-mat-tran.md"
SAMPLE_OLD_PATH = "/-/hoi-nghi-ky-ket-ke-hoach-phoi-hop-ve-nang-cao-vai-tro-lanh-ao-cua-chi-bo"
DIGITAL_OLD_PATH = "/tin-tuc/chi-tiet?id=7742453"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

# The selectors an IT officer writes for this portal.
LIFERAY_SELECTORS = "\n" + (FIXTURES / "selectors.toml").read_text(encoding="utf-8")
IMPORT_CONFIG = MINIMAL_CONFIG.replace('base_url = "https://example.gov.vn/"', f'base_url = "https://{HOST}/"') \
    + LIFERAY_SELECTORS


def make_mirror(folder: Path) -> Path:
    """The old portal saved with wget: its top folder named after the host. Returns that folder."""
    mirror = folder / HOST
    files = {
        SAMPLE_OLD_PATH.lstrip("/") + ".html": (FIXTURES / "sample-article.html").read_bytes(),
        "tin-tuc/chi-tiet?id=7742453.html": (FIXTURES / "digital-article.html").read_bytes(),
        "tin-tuc.html": (FIXTURES / "listing.html").read_bytes(),
        "thong-bao/lich-tiep-cong-dan.html": (FIXTURES / "notice.html").read_bytes(),
        "documents/10180/0/hoi-nghi-chuyen-doi-so.jpg/6f1c2e8a-1b2c-4d3e-9f00-123456789abc?t=1681955400000":
            photo(),
        "documents/10180/0/ke-hoach-chuyen-doi-so-2023.pdf/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9": PDF,
        "documents/10180/0/tru-so.png": photo(image_format="PNG", color=(200, 40, 40)),
    }
    for name, data in files.items():
        path = mirror / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return mirror


def make_import_site(root: Path, config: str = IMPORT_CONFIG) -> Path:
    return make_site(root, {}, config)

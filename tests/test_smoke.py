"""The real site builds and its seed article reads as on the old portal."""

from conftest import REPO, run_cli, soup


def test_real_site_builds_with_seed_article(tmp_path):
    output = tmp_path / "public"
    result = run_cli("build", "--root", str(REPO), "--output", str(output))
    assert result.returncode == 0, result.stderr
    pages = list(output.rglob("*.html"))
    articles = [p for p in pages if p.parent.parent.name == "tin-tuc"]
    assert len(articles) == 1
    html = soup(articles[0])
    assert html.h1.get_text(strip=True).startswith("Hội nghị Ký kết Kế hoạch phối hợp")
    assert html.find("time").get_text() == "Thứ Tư, 19/04/2023"
    assert "Hoàng Phương" in html.select_one(".author").get_text()

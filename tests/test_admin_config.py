"""The admin's configuration, made from site.toml; the published admin and its policy; the local
backend's protocol and its confinement to content/."""

from __future__ import annotations

import base64
import http.client
import json
import os

import pytest
import yaml

from conftest import MINIMAL_CONFIG, REPO, article, build, make_site, require_tool, run_cli, soup
from sitegen.commands.local_backend import LocalBackend, RefusedPath, admin_refusal
from sitegen.common.errors import BuildFailed
from sitegen.output.admin import AdminSite, decap_config, generated_files
from sitegen.source.config import parse_config
from sitegen.source.content import ARTICLE_KEYS, PAGE_KEYS
from test_preview_server import serve

ONLINE = MINIMAL_CONFIG.replace('[[menu]]', '''[admin]
publish = true
backend = "gitlab"
base_url = "https://git.example.gov.vn"
repo = "ubnd/trang-thong-tin"
app_id = "0123abcd"

[[menu]]''', 1).replace('name = "Trang thử nghiệm"', 'name = "Trang thử nghiệm"\ndefault_author = "Ban biên tập"')
LOCAL_SITE = AdminSite(stylesheet="/assets/css/site.0123456789.css", favicon="", has_documents=False, local=True)


def fields_of(collection: dict) -> dict:
    return {field["name"]: field for field in collection["fields"]}


def test_the_configuration_follows_site_toml_and_the_front_matter_schema():
    config = decap_config(parse_config(ONLINE), LOCAL_SITE)
    assert config["locale"] == "vi"
    assert config["backend"] == {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"}  # same origin
    articles, pages = config["collections"]
    fields = fields_of(articles)
    assert set(fields) - {"body"} <= set(ARTICLE_KEYS)  # every field is a key the build knows
    assert set(fields_of(pages)) - {"body"} <= set(PAGE_KEYS)
    assert fields["category"]["widget"] == "select"
    assert fields["category"]["options"] == [{"label": "Tin tức", "value": "tin-tuc"},
                                             {"label": "Thông báo", "value": "thong-bao"}]
    assert fields["author"]["default"] == "Ban biên tập"
    assert fields["date"]["widget"] == "ngay-gio" and fields["updated"]["required"] is False
    assert {"tags", "summary", "image", "draft", "attachments"} <= set(fields)
    assert fields_of(fields["attachments"]) .keys() == {"file", "title"}
    # photos and files in the article's own folder, the entry in content/<category>/<slug>/index.md
    assert (articles["media_folder"], articles["public_folder"]) == ("", "")
    assert articles["path"] == "{{category}}/{{slug}}/index" and articles["format"] == "giu-nguyen"
    assert "documents" not in [c["name"] for c in config["collections"]]


# The register's front matter keys (issue 22, sitegen/source/official_fields.py on its branch).
DOCUMENT_KEYS = {"number", "type", "issuer", "fields", "signer", "issued", "effective", "expires", "status",
                 "summary", "files", "replaces", "amends", "consolidates", "draft"}


def test_the_documents_register_appears_when_content_van_ban_exists():
    site = AdminSite(stylesheet="/a.css", favicon="", has_documents=True, local=True)
    collections = decap_config(parse_config(MINIMAL_CONFIG), site)["collections"]
    assert [c["name"] for c in collections] == ["bai-viet", "trang", "van-ban"]
    documents = collections[2]
    assert documents["folder"] == "content/van-ban" and documents["media_folder"] == ""
    fields = fields_of(documents)
    assert set(fields) - {"body"} == DOCUMENT_KEYS
    assert fields["issued"]["date_only"] and fields["issuer"]["default"] == "Ủy ban Nhân dân thành phố Thử Nghiệm"
    assert [f["name"] for f in fields["files"]["fields"]] == ["file", "title"]


def test_online_it_uses_the_agencys_git_host_with_pkce_and_the_editorial_workflow():
    site = AdminSite(stylesheet="/a.css", favicon="", has_documents=False, local=False)
    config = decap_config(parse_config(ONLINE), site)
    assert config["publish_mode"] == "editorial_workflow"
    backend = config["backend"]
    assert backend["name"] == "gitlab" and backend["auth_type"] == "pkce" and backend["app_id"] == "0123abcd"
    assert backend["base_url"] == "https://git.example.gov.vn" and backend["api_root"] == "https://git.example.gov.vn/api/v4"
    forgejo = decap_config(parse_config(ONLINE.replace('"gitlab"', '"gitea"')), site)["backend"]
    assert forgejo["name"] == "forgejo" and forgejo["api_root"] == "https://git.example.gov.vn/api/v1"
    # the page may talk to the git host, and to nothing else
    page = soup_of(generated_files(parse_config(ONLINE), site)["index.html"])
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "connect-src 'self' blob: data: https://git.example.gov.vn;" in policy


def soup_of(data: bytes):
    from bs4 import BeautifulSoup
    return BeautifulSoup(data, "html.parser")


@pytest.mark.parametrize("broken, expected_line", [
    ('backend = "github"', 'backend = "github"'),
    ('base_url = "http://git.example.gov.vn"', 'base_url = "http://git.example.gov.vn"'),
    ('app_id = ""', 'app_id = ""'),
])
def test_an_incomplete_admin_section_is_explained(broken, expected_line):
    head, admin = ONLINE.split("[admin]\n")
    key = broken.split(" = ")[0]
    admin = "\n".join(broken if line.startswith(key + " =") else line for line in admin.splitlines())
    text = head + "[admin]\n" + admin
    with pytest.raises(BuildFailed) as failure:
        parse_config(text)
    [problem] = failure.value.problems
    assert problem.path == "site.toml" and text.splitlines()[problem.line - 1] == expected_line
    assert problem.hint


def test_the_config_yml_is_valid_yaml_in_vietnamese():
    text = generated_files(parse_config(ONLINE), LOCAL_SITE)["config.yml"].decode("utf-8")
    assert "Chuyên mục" in text and "\\u" not in text  # Vietnamese as it is, not escaped
    assert yaml.safe_load(text)["collections"][0]["label"] == "Bài viết"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    require_tool(REPO / "admin" / "node_modules" / "decap-cms", "make build runs npm ci in admin/")
    root = make_site(tmp_path_factory.mktemp("admin") / "site", {
        "content/tin-tuc/bai-mot.md": article("Bài một"),
        "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nA\n"}, config=ONLINE)
    build(root)
    return root / "public"


def test_the_admin_is_published_when_site_toml_says_so_with_everything_it_loads(published):
    page = soup_of((published / "quan-tri" / "index.html").read_bytes())
    assert page.html["lang"] == "vi"
    loaded = [tag["src"] for tag in page.find_all("script", src=True)]
    assert loaded == ["manual-init.js", "decap-cms.js", "admin.js"]
    for name in loaded + ["config.yml", "frontmatter.js", "locale-vi.js", "yaml/index.js"]:
        assert (published / "quan-tri" / name).is_file(), name
    chunks = list((published / "quan-tri").glob("*.decap-cms.js"))
    assert len(chunks) > 50 and not list((published / "quan-tri").glob("*.map"))
    config = yaml.safe_load((published / "quan-tri" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitlab" and config["publish_mode"] == "editorial_workflow"
    # the preview pane's stylesheet is the site's own, fingerprinted file
    data = json.loads(page.find("script", id="sitegen-admin").string)
    assert (published / data["stylesheet"].lstrip("/")).is_file() and "/css/site." in data["stylesheet"]
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


def test_only_the_admin_page_carries_the_relaxed_policy(published):
    pages = sorted(published.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        policy = soup(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        if path == published / "quan-tri" / "index.html":
            assert "'unsafe-eval'" in policy
        else:
            assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy, path
            assert "script-src 'self' 'wasm-unsafe-eval';" in policy


def test_without_publish_there_is_no_admin(tmp_path):
    root = make_site(tmp_path / "site", {"content/tin-tuc/bai-mot.md": article("Bài một")})
    build(root)
    assert not (root / "public" / "quan-tri").exists()


def test_serve_admin_refuses_other_hosts_than_this_machine():
    assert "127.0.0.1" in admin_refusal("0.0.0.0")
    result = run_cli("serve", "--admin", "--host", "0.0.0.0", "--port", "1")
    assert result.returncode == 1 and "--admin chỉ chạy trên máy này" in result.stderr


# ---- the local backend

@pytest.fixture
def backend(tmp_path):
    root = make_site(tmp_path / "site", {"content/tin-tuc/bai/index.md": article("Bài"),
                                         "content/tin-tuc/phang.md": article("Bài phẳng"),
                                         "content/trang/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n",
                                         "content/.an.md": "hidden", "secret.txt": "do not read"})
    return LocalBackend(root)


def test_entries_are_listed_read_and_written_in_content(backend):
    listed = backend.handle("entriesByFolder", {"folder": "content", "extension": "md", "depth": 3})
    assert [e["file"]["path"] for e in listed] == ["content/tin-tuc/bai/index.md", "content/tin-tuc/phang.md",
                                                  "content/trang/gioi-thieu.md"]
    assert listed[0]["data"].startswith("---\ntitle: Bài") and len(listed[0]["file"]["id"]) == 64
    shallow = backend.handle("entriesByFolder", {"folder": "content/tin-tuc", "extension": "md", "depth": 1})
    assert [e["file"]["path"] for e in shallow] == ["content/tin-tuc/phang.md"]
    photo = base64.b64encode(b"\xff\xd8jpeg").decode()
    backend.handle("persistEntry", {"dataFiles": [{"path": "content/thong-bao/moi/index.md", "slug": "moi",
                                                    "raw": "---\ntitle: Mới\n---\n"}],
                                    "assets": [{"path": "content/thong-bao/moi/anh.jpg", "content": photo,
                                                "encoding": "base64"}],
                                    "options": {"commitMessage": "x", "useWorkflow": False, "status": ""}})
    assert (backend.content / "thong-bao" / "moi" / "index.md").read_text(encoding="utf-8") == "---\ntitle: Mới\n---\n"
    media = backend.handle("getMedia", {"mediaFolder": "content/thong-bao/moi"})
    assert [(m["name"], base64.b64decode(m["content"])) for m in media] == [("anh.jpg", b"\xff\xd8jpeg")]
    backend.handle("deleteFile", {"path": "content/thong-bao/moi/anh.jpg", "options": {"commitMessage": "x"}})
    assert not (backend.content / "thong-bao" / "moi" / "anh.jpg").exists()
    assert backend.handle("info", {})["type"] == "local_fs"


def test_a_file_without_a_final_newline_saved_unchanged_keeps_its_bytes(backend):
    path = backend.content / "tin-tuc" / "phang.md"
    path.write_bytes(b"---\ntitle: A\n---\nno newline")
    backend.handle("persistEntry", {"entry": {"path": "content/tin-tuc/phang.md", "slug": "phang",
                                              "raw": "---\ntitle: A\n---\nno newline\n"}, "assets": [], "options": {}})
    assert path.read_bytes() == b"---\ntitle: A\n---\nno newline"


@pytest.mark.parametrize("path", ["site.toml", "secret.txt", "content/../secret.txt", "/etc/passwd", "content/.an.md",
                                  "content\\tin-tuc\\x.md", "templates/base.html", "content/tin-tuc/link/x.md", ""])
def test_paths_outside_content_are_refused(backend, path):
    (backend.content / "tin-tuc" / "link").parent.mkdir(exist_ok=True)
    os.symlink(backend.root, backend.content / "tin-tuc" / "link")
    for action, params in [("getEntry", {"path": path}), ("getMediaFile", {"path": path}),
                           ("persistMedia", {"asset": {"path": path, "content": "", "encoding": "base64"}}),
                           ("deleteFile", {"path": path})]:
        with pytest.raises(RefusedPath):
            backend.handle(action, params)
    assert (backend.root / "secret.txt").read_text() == "do not read"


def test_the_local_backend_answers_only_its_own_page(tmp_path):
    """Through `serve --admin`, as the admin's page (same origin) and as another site's page would."""
    root = make_site(tmp_path / "site", {"content/tin-tuc/a.md": article("A")})
    with serve(root, "--admin") as server:
        def post(body: dict, **headers) -> tuple[int, dict]:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
            try:
                connection.request("POST", "/api/v1", body=json.dumps(body).encode(),
                                   headers={"Content-Type": "application/json; charset=utf-8", **headers})
                response = connection.getresponse()
                return response.status, json.loads(response.read())
            finally:
                connection.close()

        assert post({"action": "info"}, Origin=server.url)[0] == 200
        assert post({"action": "getEntry", "params": {"path": "content/tin-tuc/a.md"}})[1]["data"].startswith("---")
        code, answer = post({"action": "info"}, Origin="https://evil.example")
        assert code == 403 and "Chỉ trang quản trị" in answer["error"]
        assert post({"action": "info"}, Host="evil.example")[0] == 403  # DNS rebinding
        assert post({"action": "info"}, **{"Content-Type": "text/plain"})[0] == 403  # no CORS preflight
        code, answer = post({"action": "getEntry", "params": {"path": "site.toml"}})
        assert code == 422 and "content/" in answer["error"]
        assert post({"action": "unpublishedEntries", "params": {}})[0] == 422
        assert server.get("/quan-tri")[0] in (301, 302) and server.get("/quan-tri/khong-co.js")[0] == 404


def test_a_site_publishing_the_admin_without_decap_installed_is_told_what_to_do(tmp_path, monkeypatch):
    import sitegen.output.admin as admin_module
    from sitegen.pipeline import BuildOptions, build_site

    root = make_site(tmp_path / "site", {"content/tin-tuc/bai-mot.md": article("Bài một")}, config=ONLINE)
    monkeypatch.setattr(admin_module, "DECAP_DIST", tmp_path / "not-installed")
    with pytest.raises(BuildFailed) as failure:
        build_site(BuildOptions(root=root, output=root / "public", use_cache=False))
    [problem] = failure.value.problems
    assert "chưa cài Decap CMS" in problem.message and "npm ci --prefix admin" in problem.message
    assert not (root / "public").exists()  # nothing half-published

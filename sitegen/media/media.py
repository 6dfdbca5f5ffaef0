"""Photos and attached documents: find the files an article names, publish them, write their HTML.

An article names files in three places: Markdown images (`![alt](anh.jpg "chú thích")`),
links to documents (`[Kế hoạch](ke-hoach.pdf)`) and the front matter (`image:` the
cover, `attachments:` a list). A path is relative to the Markdown file's folder,
or to `content/` when it starts with "/" (`/media/logo.png` is `content/media/logo.png`).

Files in `content/media/` are published under `media/` (one stable URL, whichever
article uses them); any other file is published beside the page that uses it
(`tin-tuc/hoi-nghi/anh-960.jpg`). File names become slugs, so URLs are plain ASCII.
Only files an article uses are published; a photo's original never is, only its
re-encoded variants (see images.py), so EXIF and GPS data stay at home.

This module reads the files it is asked about (below `content/` only) and leaves
the pixels to images.py through the cache; everything it returns is values.
"""

from __future__ import annotations

import difflib
import hashlib
import html
import os
import posixpath
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..source.content import ARTICLE, Document
from ..common.errors import Problem, Problems
from ..incremental.cache import bytes_digest
from .image_cache import CachedImage, ImageCache
from .images import SOURCE_FORMATS, ImageError, check_size
from ..source.markdown import ATTACHMENT, ATTACHMENT_TYPES, IMAGE, MediaReference, RenderedBody, fill_media
from ..text.vietnamese import slugify

CONTENT = PurePosixPath("content")
MEDIA_FOLDER = "media"          # content/media/ → /media/
# The article column: full width on phones, at most the 64rem container (less padding) on screens.
BODY_SIZES = "(min-width: 64rem) 62rem, calc(100vw - 2rem)"
FALLBACK_WIDTH = 960            # the JPEG a browser without srcset gets
_IMAGE_FORMATS_TEXT = "JPEG, PNG, WebP hoặc GIF"


@dataclass(frozen=True)
class ImageFile:
    """One published variant of a photo."""

    url: str        # site-relative: "tin-tuc/hoi-nghi/anh-960.jpg"
    width: int
    height: int
    format: str     # "jpeg" or "webp"

    @property
    def type(self) -> str:
        return f"image/{self.format}"


@dataclass(frozen=True)
class Picture:
    """A published photo: its files (narrowest first) and what readers are told about it.

    `url`, `width`, `height`, `type` and `alt` describe the largest JPEG: what
    Open Graph and feeds point to (`{{ cover.url | absolute_url }}`).
    """

    source: str                     # "content/tin-tuc/hoi-nghi/anh.jpg"
    files: tuple[ImageFile, ...]
    alt: str = ""
    caption: str = ""

    def files_of(self, output_format: str) -> tuple[ImageFile, ...]:
        return tuple(f for f in self.files if f.format == output_format)

    @property
    def largest(self) -> ImageFile:
        return self.files_of("jpeg")[-1]

    @property
    def url(self) -> str:
        return self.largest.url

    @property
    def width(self) -> int:
        return self.largest.width

    @property
    def height(self) -> int:
        return self.largest.height

    @property
    def type(self) -> str:
        return self.largest.type


@dataclass(frozen=True)
class Attachment:
    """A document published with an article: "Kế hoạch phối hợp (PDF, 245 KB)"."""

    url: str        # site-relative
    title: str
    type: str       # "PDF", "DOCX", …
    size: int       # bytes

    @property
    def size_label(self) -> str:
        return format_size(self.size)


@dataclass(frozen=True)
class DocumentMedia:
    """What one article or page gets from this step."""

    html: str | None                        # the body with photos and attachment links filled in
    #                                         (None: the body has none, its own HTML is published)
    cover: Picture | None = None
    cover_in_body: bool = False             # the cover is also one of the body's photos
    attachments: tuple[Attachment, ...] = ()  # from the front matter, for the box under the article
    # Hash of the HTML put in for the body's photos and links ("" for none). `html` depends on the
    # files it names (a photo's size, a PDF's) as well as on the Markdown: see model.content_digest.
    inserted_digest: str = ""


@dataclass(frozen=True)
class MediaSource:
    """A document to publish, its rendered body and its page's site-relative URL."""

    document: Document
    body: RenderedBody
    url: str


@dataclass(frozen=True)
class KeptMedia:
    """What publishing one document's files gave, given again by a later build whose inputs are the
    same (site/register_memo.py): the files it claimed, in order, and the problems it had."""

    claims: tuple[tuple[str, str, str], ...]   # (published path, content file, file to copy)
    problems: tuple[Problem, ...]


@dataclass
class PublishedMedia:
    documents: dict[str, DocumentMedia] = field(default_factory=dict)  # by document source
    files: dict[str, Path] = field(default_factory=dict)  # site-relative path → file to copy there
    used: set[str] = field(default_factory=set)           # content files published ("content/…/x.pdf")
    problems: Problems = field(default_factory=Problems)
    digests: dict[str, str] = field(default_factory=dict)  # published path → its bytes' digest, when known
    # The sources publish_media was asked to `record` → what to give back next time (None for a
    # document with a photo: its variants are the image cache's, which a replay does not check).
    kept: dict[str, KeptMedia | None] = field(default_factory=dict)


def format_size(size: int) -> str:
    """File size as Vietnamese readers see it: "245 KB", "1,2 MB" (1 KB = 1024 bytes)."""
    if size < 1024:
        return f"{size} byte"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f}".replace(".", ",") + " MB"


def publish_media(root: Path, sources: list[MediaSource], cache: ImageCache, base_path: str = "/",
                  record: frozenset[str] = frozenset(), replay: dict[str, KeptMedia] | None = None,
                  file_digests: dict[str, str] | None = None) -> PublishedMedia | None:
    """Every photo and attachment the given documents use: files to write, HTML, covers, problems.

    `file_digests` (path → digest of the file's bytes, uptodate.input_snapshot) lets a photo that was
    processed before be found in the image cache without reading it (ImageCache.recall).

    The sources named in `record` also get their KeptMedia (PublishedMedia.kept). Those in `replay`
    are not looked at: what they gave last time is given again in its place in the order, so that
    a file claimed by two documents is caught as before; None when one is (the caller publishes
    again without `replay`, to report it as a build without one does)."""
    publisher = _Publisher(root, cache, base_path, file_digests or {})
    for source in sources:
        name = source.document.source
        if replay is not None and name in replay:
            if not publisher.replay(replay[name]):
                return None
        elif name in record:
            publisher.result.kept[name] = publisher.recorded(source)
        else:
            publisher.result.documents[name] = publisher.document(source)
    return publisher.result


class _Publisher:
    def __init__(self, root: Path, cache: ImageCache, base_path: str, file_digests: dict[str, str]):
        self.root = root
        self.file_digests = file_digests
        self.content_dir = os.path.realpath(root / CONTENT)
        self.cache = cache
        self.base_path = base_path
        self.result = PublishedMedia()
        self.owners: dict[str, str] = {}   # published path → the content file it comes from
        self.photos: dict[PurePosixPath, CachedImage] = {}  # each photo read once per build
        self.files: dict[PurePosixPath, os.stat_result | None] = {}  # each file looked at once per build
        self.real_folders: dict[str, str] = {}   # folder → its real path (symbolic links followed)
        self.claim_log: list[tuple[str, str, str]] | None = None  # the claims of the document recorded
        self.photo_published = False

    def recorded(self, source: MediaSource) -> KeptMedia | None:
        """`document(source)`, and what it claimed and reported, to be replayed by a later build."""
        problems_before = len(self.result.problems.items)
        self.claim_log, self.photo_published = [], False
        self.result.documents[source.document.source] = self.document(source)
        claims, self.claim_log = tuple(self.claim_log), None
        if self.photo_published:
            return None
        return KeptMedia(claims, tuple(self.result.problems.items[problems_before:]))

    def replay(self, kept: KeptMedia) -> bool:
        """Claim a document's files as it did last time, and report its problems again; False when
        another document has claimed one of its published paths for another file meanwhile."""
        for url, path, file in kept.claims:
            if self.owners.setdefault(url, path) != path:
                return False
            self.result.files[url] = Path(file)
            self.result.used.add(path)
        self.result.problems.extend(list(kept.problems))
        return True

    # --- one document -------------------------------------------------------------------------

    def document(self, source: MediaSource) -> DocumentMedia:
        document, body = source.document, source.body
        photos = [r for r in body.media if r.kind == IMAGE]
        cover, cover_in_body = self.cover(source, photos)
        first_photo_eager = cover is None or cover_in_body or document.kind != ARTICLE
        html_by_token = {}
        for reference in body.media:
            line = document.body_line + reference.line - 1
            if reference.kind == ATTACHMENT:
                attachment = self.attachment(source, reference.target, line, reference.text)
                html_by_token[reference.token] = attachment_link_html(attachment, self.base_path) if attachment else ""
                continue
            eager = first_photo_eager and reference is photos[0]
            html_by_token[reference.token] = self.body_photo(source, reference, line, eager)
        attachments = tuple(a for a in (self.attachment(source, entry.file, entry.line, entry.title)
                                         for entry in document.attachments) if a)
        html = fill_media(body.html, html_by_token) if body.media else None
        return DocumentMedia(html=html, cover=cover, cover_in_body=cover_in_body,
                             attachments=attachments, inserted_digest=_inserted_digest(html_by_token))

    def body_photo(self, source: MediaSource, reference: MediaReference, line: int, eager: bool) -> str:
        """A Markdown image as <picture> (plus its caption when it is a figure); "" after an error."""
        if not reference.text:
            self.result.problems.warning(
                source.document.source, line, f"ảnh \"{reference.target}\" chưa có mô tả (alt) cho người khiếm thị.",
                f"Viết một câu mô tả ảnh trong ngoặc vuông: ![Quang cảnh hội nghị]({reference.target})",
                code="missing-alt")
        files = self.photo(source, reference.target, line)
        if files is None:
            return ""
        picture = Picture(str(self.content_path(source.document, reference.target)), files, reference.text,
                          reference.title)
        markup = picture_html(picture, self.base_path, BODY_SIZES, lazy=not eager)
        if reference.block and picture.caption:
            markup += f"<figcaption>{html.escape(picture.caption)}</figcaption>"
        return markup

    def cover(self, source: MediaSource, photos: list[MediaReference]) -> tuple[Picture | None, bool]:
        """The front matter `image`, described by the body's photo of the same file if there is one."""
        document = source.document
        if not document.image:
            return None, False
        if _is_external(document.image):
            self.result.problems.warning(
                document.source, document.image_line, f"ảnh bìa \"{document.image}\" nằm ở trang khác, sẽ không được dùng.",
                "Tải ảnh về, đặt cạnh bài viết hoặc trong content/media/, rồi ghi tên tệp vào image:.",
                code="external-image")
            return None, False
        files = self.photo(source, document.image, document.image_line)
        if files is None:
            return None, False
        cover_path = self.content_path(document, document.image)
        same = [r for r in photos if self.content_path(document, r.target) == cover_path]
        described = next((r for r in same if r.text), None)
        picture = Picture(str(cover_path), files, alt=described.text if described else document.title,
                          caption=described.title if described else "")
        return picture, bool(same)

    # --- files ----------------------------------------------------------------------------------

    def photo(self, source: MediaSource, target: str, line: int) -> tuple[ImageFile, ...] | None:
        """Publish a photo's variants beside the page (or under media/); None after an error."""
        document = source.document
        path = self.existing_file(document, target, line, "ảnh")
        if path is None:
            return None
        if path.suffix.lower() not in SOURCE_FORMATS:
            self.result.problems.error(document.source, line,
                                       f"\"{target}\" không phải ảnh dùng được ({_IMAGE_FORMATS_TEXT}).",
                                       "Lưu ảnh dạng JPEG (.jpg) rồi dùng tệp mới.")
            return None
        try:
            if path not in self.photos:
                digest = self.file_digests.get(str(self.root / path))
                known = self.cache.recall(digest) if digest is not None else None
                if known is None:
                    check_size((self.root / path).stat().st_size, self.cache.settings)
                    data = (self.root / path).read_bytes()
                    known = self.cache.process(data, bytes_digest(data))  # the digest of what was read
                self.photos[path] = known
            processed = self.photos[path]
        except ImageError as error:
            self.result.problems.error(document.source, line, f"ảnh \"{target}\": {error.message}", error.hint)
            return None
        except OSError as error:
            self.result.problems.error(document.source, line,
                                       f"không xử lý được ảnh \"{target}\": {error.strerror or error}.",
                                       "Kiểm tra quyền đọc tệp ảnh, quyền ghi thư mục .cache/ và chỗ trống trên đĩa.")
            return None
        self.photo_published = True
        folder, stem, _suffix = self.published_name(document, source.url, path)
        files = []
        for variant in processed.variants:
            url = f"{folder}{stem}-{variant.width}.{variant.extension}"
            if not self.claim(url, path, variant.path, document, line):
                return None
            if variant.digest:
                self.result.digests[url] = variant.digest
            files.append(ImageFile(url, variant.width, variant.height, variant.format))
        return tuple(files)

    def attachment(self, source: MediaSource, target: str, line: int, title: str) -> Attachment | None:
        """Publish a document beside the page (or under media/); None after an error."""
        document = source.document
        path = self.existing_file(document, target, line, "tệp đính kèm")
        if path is None:
            return None
        kind = ATTACHMENT_TYPES.get(path.suffix.lower())
        if kind is None:
            self.result.problems.error(document.source, line, f"\"{target}\" không phải loại tệp đính kèm được hỗ trợ.",
                                       "Dùng tệp " + ", ".join(sorted(set(ATTACHMENT_TYPES.values()))) + ".")
            return None
        folder, stem, suffix = self.published_name(document, source.url, path)
        url = f"{folder}{stem}{suffix}"
        if not self.claim(url, path, self.root / path, document, line):
            return None
        return Attachment(url=url, title=title or path.name, type=kind, size=self.files[path].st_size)

    def content_path(self, document: Document, target: str) -> PurePosixPath | None:
        """"anh.jpg" in content/tin-tuc/x/index.md → content/tin-tuc/x/anh.jpg; None when it leaves content/."""
        target = target.replace("\\", "/")
        base = str(CONTENT) if target.startswith("/") else posixpath.dirname(document.source)
        joined = posixpath.normpath(posixpath.join(base, target.lstrip("/")))  # strings: run for every file of every build
        return PurePosixPath(joined) if joined.startswith(f"{CONTENT}/") else None

    def existing_file(self, document: Document, target: str, line: int, what: str) -> PurePosixPath | None:
        """The content path of an existing file inside content/, or None after recording why not."""
        path = self.content_path(document, target)
        problems = self.result.problems
        if path is None or not self.really_inside_content(path):
            problems.error(document.source, line, f"{what} \"{target}\" nằm ngoài thư mục content/.",
                           "Đặt tệp cạnh bài viết hoặc trong content/media/ rồi ghi lại đường dẫn.")
            return None
        if self.files[path] is None:
            problems.error(document.source, line, f"không tìm thấy {what} \"{target}\" ({path}).",
                           _missing_file_hint(self.root / path, document))
            return None
        return path

    def really_inside_content(self, path: PurePosixPath) -> bool:
        """Whether a file of content/ stays there once symbolic links are followed; its status is kept
        in self.files (None: no such file). One lstat a file and one realpath a folder: with every
        path resolved (pathlib), then tested and measured, this step of an article edit took 0.48 s
        with 5,000 documents in the register; it takes 0.24 s."""
        full = os.path.join(self.root, path)
        try:
            status = os.lstat(full)
        except OSError:
            status = None
        if status is not None and stat.S_ISLNK(status.st_mode):
            real = os.path.realpath(full)
            status = os.stat(real) if os.path.exists(real) else None
        else:
            real = os.path.join(self.real_folder(posixpath.dirname(path)), path.name)
        self.files[path] = status if status is not None and stat.S_ISREG(status.st_mode) else None
        return real.startswith(self.content_dir + os.sep)

    def real_folder(self, folder: str) -> str:
        if folder not in self.real_folders:
            self.real_folders[folder] = os.path.realpath(os.path.join(self.root, folder))
        return self.real_folders[folder]

    def published_name(self, document: Document, page_url: str, path: PurePosixPath) -> tuple[str, str, str]:
        """(folder, stem, suffix) of the published file: slugs, under media/ or the page's folder."""
        source, media_root = str(path), f"{CONTENT}/{MEDIA_FOLDER}/"
        document_folder = posixpath.dirname(document.source) + "/"
        if source.startswith(media_root):
            relative, folder = source[len(media_root):], MEDIA_FOLDER + "/"
        else:
            relative = source[len(document_folder):] if source.startswith(document_folder) else path.name
            folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/" if "/" in page_url else ""
        subfolders = posixpath.dirname(relative)
        for part in subfolders.split("/") if subfolders else ():
            folder += (slugify(part) or "tep") + "/"
        return folder, slugify(path.stem) or "tep", path.suffix.lower()

    def claim(self, url: str, path: PurePosixPath, file: Path, document: Document, line: int) -> bool:
        """Reserve a published path for one content file; two files with one URL is an error."""
        owner = self.owners.setdefault(url, str(path))
        if owner != str(path):
            self.result.problems.error(document.source, line,
                                       f"\"{path}\" và \"{owner}\" cùng được đăng thành /{url}.",
                                       "Đổi tên một trong hai tệp (tên không dấu khác nhau).")
            return False
        self.result.files[url] = file
        self.result.used.add(str(path))
        if self.claim_log is not None:
            self.claim_log.append((url, str(path), str(file)))
        return True


def forgive_used_documents(problems: Problems, used: set[str]) -> Problems:
    """content.py warns about .doc/.docx files in content/ (a Word file is often an article
    meant to be Markdown); one that an article links to is an attachment, and fine."""
    kept = Problems()
    kept.extend([p for p in problems.items if not (p.code == "not-markdown" and p.path in used)])
    return kept


def picture_html(picture: Picture, base_path: str, sizes: str, lazy: bool = True, alt: str | None = None) -> str:
    """<picture> with a WebP source and a JPEG <img>; width/height so the page does not jump."""
    def srcset(output_format: str) -> str:
        return ", ".join(f"{base_path}{f.url} {f.width}w" for f in picture.files_of(output_format))

    jpegs = picture.files_of("jpeg")
    fallback = ([f for f in jpegs if f.width <= FALLBACK_WIDTH] or jpegs[:1])[-1]
    loading = ' loading="lazy" decoding="async"' if lazy else ' fetchpriority="high"'
    text = picture.alt if alt is None else alt
    return (f'<picture><source type="image/webp" srcset="{html.escape(srcset("webp"))}" sizes="{html.escape(sizes)}">'
            f'<img src="{html.escape(base_path + fallback.url)}" srcset="{html.escape(srcset("jpeg"))}" '
            f'sizes="{html.escape(sizes)}" width="{picture.width}" height="{picture.height}" '
            f'alt="{html.escape(text)}"{loading}></picture>')


def attachment_link_html(attachment: Attachment, base_path: str) -> str:
    """"Tải về: Kế hoạch phối hợp (PDF, 245 KB)" as one link, so a screen reader says it all."""
    return (f'<a class="attachment-link" href="{html.escape(base_path + attachment.url)}">'
            f'<span class="attachment-label">Tải về:</span> {html.escape(attachment.title)} '
            f'<span class="attachment-meta">({attachment.type}, {attachment.size_label})</span></a>')


def _inserted_digest(html_by_token: dict[str, str]) -> str:
    if not html_by_token:
        return ""
    digest = hashlib.blake2b(digest_size=16)
    for token, markup in sorted(html_by_token.items()):
        digest.update(f"{token}\0{markup}\0".encode())
    return digest.hexdigest()


def _is_external(target: str) -> bool:
    return target.startswith(("http://", "https://", "//"))


def _missing_file_hint(path: Path, document: Document) -> str:
    """Point to a file whose name is close (often only upper/lower case differs)."""
    hint = ("Đặt tệp cạnh bài viết (cùng thư mục với " + PurePosixPath(document.source).name
            + ") hoặc trong content/media/, và viết đúng tên tệp, kể cả chữ hoa, chữ thường.")
    if path.parent.is_dir():
        names = sorted(p.name for p in path.parent.iterdir() if p.is_file())
        lowered = {name.lower(): name for name in names}
        nearest = [lowered[path.name.lower()]] if path.name.lower() in lowered \
            else difflib.get_close_matches(path.name, names, n=1, cutoff=0.85)
        if nearest:
            hint = f"Có phải ý bạn là \"{nearest[0]}\"? " + hint
    return hint

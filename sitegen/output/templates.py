"""The Jinja environment (autoescape, StrictUndefined, our filters) and page → bytes.

The only module that calls Jinja. Template mistakes become problems with the
template's file and line, like content mistakes.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from .assets import Asset, UnknownAsset
from ..source.config import Config
from .csp import content_security_policy
from ..common.errors import Problem
from ..media.media import BODY_SIZES, Attachment, Picture, attachment_link_html, picture_html
from .languages import language_globals
from .metadata import metadata_globals
from ..site.pages import PageSpec
from .printing import add_print_urls
from ..text.interface import format_day
from ..text.vietnamese import format_date, format_date_formal, format_datetime


def phone_href(number: str) -> str:
    """"0277.3563.362" → "tel:+842773563362" (Vietnamese numbers get +84).

    Of "0277.3563.362 - 0277.3563.363" (two numbers), the first is dialled.
    """
    number = re.split(r"\s+-\s+|\s*[,;/]\s*|\s+hoặc\s+", number.strip())[0]
    digits = re.sub(r"\D", "", number)
    if number.startswith("+"):
        return f"tel:+{digits}"
    if digits.startswith("0"):
        return f"tel:+84{digits[1:]}"
    return f"tel:{digits}"


class CompiledTemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's own cache of compiled templates (checked against the template's source), in `.cache/`.

    Compiling the templates costs ~0.15 s per build; the preview server builds after every save.
    A damaged cache file is ignored, never trusted."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - truncated or foreign file: compile again
            bucket.reset()


def make_environment(template_dirs: list[Path], config: Config, assets: dict[str, Asset],
                     preview: bool = False, compiled_cache: Path | None = None) -> jinja2.Environment:
    """A Jinja environment with autoescaping, strict undefined and the site's filters and globals.

    `compiled_cache`: a folder where compiled templates are kept between builds; Jinja folds
    constants (`{{ '' | url }}`) into the compiled code, so one folder per config and assets."""
    environment = jinja2.Environment(
        bytecode_cache=CompiledTemplateCache(str(compiled_cache)) if compiled_cache is not None else None,
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        # Each build makes its own environment, so a template cannot change under it: without this,
        # every page and every include asked the file system for the template's mtime again
        # (a seventh of the rendering time).
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    base_path = config.site.base_path
    base_url = config.site.base_url

    def url(path: str) -> str:
        """Site-relative → root-relative with the base path; absolute URLs unchanged."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", path) or path.startswith("//") or path.startswith("#"):
            return path
        return base_path + path.lstrip("/")

    def absolute_url(path: str) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*:", path):
            return path
        return base_url + path.lstrip("/")

    def asset_url(name: str) -> str:
        if name not in assets:
            raise UnknownAsset(f"không có tệp \"{name}\" trong assets/")
        return base_path + assets[name].output_path

    def picture(photo: Picture, sizes: str = BODY_SIZES, lazy: bool = True, alt: str | None = None) -> Markup:
        """A published photo as <picture> (WebP + JPEG, srcset, width/height); alt="" for decoration."""
        return Markup(picture_html(photo, base_path, sizes, lazy=lazy, alt=alt))

    def attachment_link(attachment: Attachment) -> Markup:
        """"Tải về: Kế hoạch phối hợp (PDF, 245 KB)", the same link as in article bodies."""
        return Markup(attachment_link_html(attachment, base_path))

    def iso(moment: datetime) -> str:
        return moment.isoformat()

    environment.filters.update(url=url, absolute_url=absolute_url, date_vn=format_date,
                               datetime_vn=format_datetime, date_formal=format_date_formal, iso=iso,
                               tel=phone_href, dmy=lambda day: day.strftime("%d/%m/%Y"),
                               print_urls=lambda body: add_print_urls(body, config.site.origin))
    environment.globals.update(site=config.site, agency=config.agency, menu=config.menu,
                               categories=config.categories, asset_url=asset_url, preview=preview,
                               picture=picture, attachment_link=attachment_link,
                               content_security_policy=content_security_policy(config))
    environment.globals.update(metadata_globals(config))
    environment.globals.update(language_globals(config))
    environment.filters.update(day=format_day)
    return environment


def render_page(environment: jinja2.Environment, spec: PageSpec) -> bytes:
    """Render one page to UTF-8 bytes."""
    template = environment.get_template(spec.template)
    language = spec.context.get("lang")
    in_language = environment.globals["in_language"][language] if language else {}  # site, agency… in English
    return template.render({"page_url": spec.url, **in_language, **spec.context}).encode("utf-8")


def template_problem(error: Exception, template_dirs: list[Path], root: Path) -> Problem:
    """A template exception as a problem pointing at the template file and line."""
    hint = "Sửa mẫu giao diện (template) ở dòng này."
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Problem(_display(error.filename or error.name or "templates", root), error.lineno or 0,
                       f"mẫu giao diện sai cú pháp: {error.message}.", hint)
    if isinstance(error, jinja2.TemplateNotFound):
        return Problem("templates", 0, f"không tìm thấy mẫu giao diện \"{error.name}\".",
                       "Kiểm tra tên tệp trong thư mục templates/.")
    filename, line = _template_frame(sys.exc_info()[2] or error.__traceback__, template_dirs)
    return Problem(_display(filename, root) if filename else "templates", line,
                   f"lỗi khi dựng trang từ mẫu giao diện: {error}.", hint)


def _template_frame(traceback, template_dirs: list[Path]) -> tuple[str, int]:
    """The innermost traceback frame that is in a template file (Jinja rewrites frames to them)."""
    found = ("", 0)
    dirs = [str(d) for d in template_dirs]
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if any(filename.startswith(d) for d in dirs):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _display(filename: str, root: Path) -> str:
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename

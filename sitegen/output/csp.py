"""The Content-Security-Policy every page carries in a <meta> tag.

Only the site's own files may run or style the page: no inline script, no
inline style, no other origin. Two exceptions, both from what the site
needs: 'wasm-unsafe-eval' lets the search (Pagefind) compile its
WebAssembly (it does not allow eval of JavaScript), and frames may come from
the hosts listed in site.toml ([security] iframe_hosts).
A <meta> policy cannot carry frame-ancestors or report-uri: a host that
can send headers should add those (docs/security.md, docs/trien-khai.md).
"""

from __future__ import annotations

import base64
import hashlib
import re

from ..source.config import Config


def content_security_policy(config: Config) -> str:
    """The policy text for `<meta http-equiv="Content-Security-Policy" content="...">`."""
    return _joined(_site_directives(config))


def admin_content_security_policy(config: Config, git_origin: str | None) -> str:
    """The admin page's policy (/quan-tri/ only, never another page): Decap CMS compiles its
    configuration checks with generated code ('unsafe-eval'), styles itself with <style> elements
    ('unsafe-inline' styles), holds photos being uploaded as blob: and data: URLs (shown and read back), and talks to the
    agency's git host (git_origin) when published; everything else as on the site's pages."""
    directives = _site_directives(config)
    other = f" {git_origin}" if git_origin else ""
    directives.update({
        "script-src": "'self' 'unsafe-eval' 'wasm-unsafe-eval'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": f"'self' data: blob:{other}",
        "media-src": "'self' data: blob:",
        "connect-src": f"'self' blob: data:{other}",
        "worker-src": "'self' blob:",
        "frame-src": "'self' blob:",
    })
    return _joined(directives)


def _joined(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _site_directives(config: Config) -> dict[str, str]:
    frames = " ".join(f"https://{host}" for host in config.security.iframe_hosts) or "'none'"
    return {
        "default-src": "'self'",
        "script-src": "'self' 'wasm-unsafe-eval'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "media-src": "'self'",
        "worker-src": "'self'",
        "frame-src": frames,
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }


_POLICY_META = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src )')
_INLINE_SCRIPT = re.compile(rb"<script[^>]*>(.*?)</script>", re.DOTALL)


def allow_inline_script(page: bytes, script_element: bytes) -> bytes:
    """The page's policy, widened to allow exactly this one inline script (by its sha256 hash).

    For the preview server only: its live-reload snippet is inline, and the
    published pages never contain it.
    """
    match = _INLINE_SCRIPT.search(script_element)
    if not match:
        return page
    digest = base64.b64encode(hashlib.sha256(match.group(1)).digest())
    return _POLICY_META.sub(lambda m: m.group(1) + b"&#39;sha256-" + digest + b"&#39; ", page, count=1)

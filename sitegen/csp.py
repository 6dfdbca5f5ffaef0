"""The Content-Security-Policy every page carries in a <meta> tag.

Only the site's own files may run or style the page: no inline script, no
inline style, no other origin. Two exceptions, both from what the site
needs: 'wasm-unsafe-eval' lets the search (Pagefind) compile its
WebAssembly (it does not allow eval of JavaScript), and frames may come from
the hosts listed in site.toml ([security] iframe_hosts).
A <meta> policy cannot carry frame-ancestors or report-uri: a host that
can send headers should add those (see README).
"""

from __future__ import annotations

from .config import Config


def content_security_policy(config: Config) -> str:
    """The policy text for `<meta http-equiv="Content-Security-Policy" content="...">`."""
    frames = " ".join(f"https://{host}" for host in config.security.iframe_hosts) or "'none'"
    directives = {
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
    return "; ".join(f"{name} {value}" for name, value in directives.items())

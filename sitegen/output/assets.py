"""Copy `assets/` into the output with fingerprinted names, so browsers may cache them forever.

`css/site.css` is published as `assets/css/site.1a2b3c4d.css`; templates ask
for it with `asset_url('css/site.css')`, which fails on an unknown name.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..common.errors import BuildFailed
from ..common.links import inside, outside_links

ASSETS_URL = "assets/"


@dataclass(frozen=True)
class Asset:
    name: str          # "css/site.css", as templates name it
    output_path: str   # "assets/css/site.1a2b3c4d.css", site-relative
    data: bytes


def collect_assets(assets_dir: Path, root: Path | None = None) -> dict[str, Asset]:
    """Every file below assets_dir, keyed by its name, with a content-hash file name.

    Symlinks leading outside root (default: the folder holding assets/) are refused."""
    assets = {}
    if not assets_dir.is_dir():
        return assets
    root = root or assets_dir.parent
    refused = outside_links(assets_dir, root)
    if refused:
        raise BuildFailed(refused)
    for path in sorted(assets_dir.rglob("*")):
        if not path.is_file() or path.name.startswith(".") or not inside(path, root):
            continue
        name = path.relative_to(assets_dir).as_posix()
        data = path.read_bytes()
        fingerprint = hashlib.sha256(data).hexdigest()[:10]
        stem, dot, suffix = path.name.rpartition(".")
        hashed = f"{stem}.{fingerprint}.{suffix}" if dot and stem else f"{path.name}.{fingerprint}"
        parent = path.relative_to(assets_dir).parent.as_posix()
        folder = "" if parent == "." else parent + "/"
        assets[name] = Asset(name=name, output_path=f"{ASSETS_URL}{folder}{hashed}", data=data)
    return assets


class UnknownAsset(LookupError):
    """A template asked for an asset that is not in assets/."""

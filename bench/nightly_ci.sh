#!/usr/bin/env bash
# The nightly CI build, with and without the kept .cache/ and public/ (docs/trien-khai.md, section 5).
# Each build runs in a fresh copy of the site (new inodes and mtimes, as a CI checkout has).
# Usage: bench/nightly_ci.sh [ARTICLES]   (default 10000; writes under bench/sites/)
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-10000}
PY=${PYTHON:-.venv/bin/python}
SITES=bench/sites/nightly-$COUNT
SOURCE=$SITES/source/ours
WORK=$SITES/work
KEPT=$SITES/kept
[ -d "$SOURCE" ] || "$PY" bench/generate.py "$COUNT" "$SITES/source" >/dev/null
fresh() { rm -rf "$WORK"; cp -r "$SOURCE" "$WORK"; }
timed() {
  local start end
  start=$(date +%s.%N); "$PY" build.py build --root "$WORK" >/dev/null; end=$(date +%s.%N)
  printf '%-48s %7.2f s  (load %s)\n' "$1" "$(echo "$end - $start" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
}
fresh; timed "nothing kept (cold)"
rm -rf "$KEPT"; mkdir -p "$KEPT"; cp -a "$WORK/.cache" "$WORK/public" "$KEPT/"
fresh; cp -a "$KEPT/.cache" "$WORK/"; timed ".cache/ kept, public/ not"
fresh; cp -a "$KEPT/.cache" "$KEPT/public" "$WORK/"; timed ".cache/ and public/ kept, nothing changed"
fresh; cp -a "$KEPT/.cache" "$KEPT/public" "$WORK/"
article=$(find "$WORK/content" -name '*.md' | sort | head -1); printf '\nMột đoạn mới.\n' >> "$article"
timed ".cache/ and public/ kept, one article edited"

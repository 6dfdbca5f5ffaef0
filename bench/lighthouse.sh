#!/usr/bin/env bash
# Lighthouse scores of the real site (home, an article, a listing), mobile and desktop, into bench/LIGHTHOUSE.md.
# A measurement, not a test: run it by hand after changing the theme.
#   bash bench/lighthouse.sh            (RUNS=3 by default: each page is measured RUNS times and the
#                                        run with the median performance score is reported, since a
#                                        shared 2-core machine makes single runs noisy)
# Needs Node 20+, Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) and `make build`'s venv.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
tools=bench/lighthouse
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Lighthouse pinned by bench/lighthouse/package-lock.json; no install scripts (nothing to download).
if [ ! -f "$tools/node_modules/.installed" ] || [ "$tools/package-lock.json" -nt "$tools/node_modules/.installed" ]; then
  npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error
  touch "$tools/node_modules/.installed"
fi
make --silent .venv/.installed

# Build the real site for the address it is served from (canonical links then point to the same host).
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port/"
.venv/bin/python build.py build --output "$work/public" --base-url "$base" >/dev/null
.venv/bin/python -m http.server "$port" --bind 127.0.0.1 --directory "$work/public" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "$base" 2>/dev/null && break
  sleep 0.1
done

article="$(cd "$work/public" && find tin-tuc -mindepth 2 -name index.html ! -path '*/trang-*' | sort | head -n 1)"
declare -A pages=([home]="" [article]="${article%index.html}" [listing]="tin-tuc/")
runs="${RUNS:-3}"
chrome_flags="--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"

for form in mobile desktop; do
  preset=()
  [ "$form" = desktop ] && preset=(--preset=desktop)
  for kind in home article listing; do
    for run in $(seq "$runs"); do
      timeout 180 node "$tools/node_modules/lighthouse/cli/index.js" "$base${pages[$kind]}" \
        --quiet --output=json --output-path="$work/$form-$kind-$run.json" "${preset[@]}" \
        --only-categories=performance,accessibility,best-practices,seo --chrome-flags="$chrome_flags"
    done
  done
done

node - "$work" "$runs" "$(node --version)" "$("$CHROME_PATH" --version 2>/dev/null | head -n 1)" > bench/LIGHTHOUSE.md <<'EOF'
const fs = require("fs");
const [work, runs, nodeVersion, chromeVersion] = process.argv.slice(2);
// The run with the median performance score (Lighthouse's own advice against noisy single runs).
function medianReport(form, kind) {
  const reports = [];
  for (let run = 1; run <= Number(runs); run++) {
    reports.push(JSON.parse(fs.readFileSync(`${work}/${form}-${kind}-${run}.json`, "utf8")));
  }
  reports.sort((a, b) => a.categories.performance.score - b.categories.performance.score);
  return reports[Math.floor((reports.length - 1) / 2)];
}
const categories = ["performance", "accessibility", "best-practices", "seo"];
const lines = [
  "# Lighthouse scores",
  "",
  "Produced by `bash bench/lighthouse.sh` (do not edit by hand): the real site built from this",
  "repository, served by `python -m http.server` on 127.0.0.1 (no compression, no cache headers),",
  `Lighthouse 12.2.3, Node ${nodeVersion}, ${chromeVersion}; each row is the median of ${runs} runs`,
  "(by performance score). Mobile is Lighthouse's default (simulated slow 4G, 4× CPU slowdown).",
  "",
  "| form | page | performance | accessibility | best practices | SEO |",
  "|---|---|---|---|---|---|",
];
const notes = [];
for (const form of ["mobile", "desktop"]) {
  for (const kind of ["home", "article", "listing"]) {
    const report = medianReport(form, kind);
    const scores = categories.map((c) => Math.round(report.categories[c].score * 100));
    lines.push(`| ${form} | ${kind} | ${scores.join(" | ")} |`);
    for (const c of categories) {
      for (const ref of report.categories[c].auditRefs) {
        const audit = report.audits[ref.id];
        if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
          notes.push(`- ${form} ${kind}, ${c}: ${audit.title} (${audit.displayValue || audit.score})`);
        }
      }
    }
  }
}
const metrics = medianReport("mobile", "article").audits;
lines.push("", "Mobile article metrics: " + ["first-contentful-paint", "largest-contentful-paint",
  "total-blocking-time", "cumulative-layout-shift", "speed-index"]
  .map((id) => `${metrics[id].title} ${metrics[id].displayValue}`).join(", ") + ".");
lines.push("", "## Audits below full marks", "", ...(notes.length ? notes : ["None."]), "");
process.stdout.write(lines.join("\n"));
EOF
cat bench/LIGHTHOUSE.md

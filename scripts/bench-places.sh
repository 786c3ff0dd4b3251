#!/usr/bin/env bash
# The places benchmark (docs/benchmarks.md, "Lieux : import et export"): imports 10,000 then
# 100,000 generated places of the national standard, imports the same file again (nothing
# changes), and exports them as CSV and JSON, by the command line and over HTTP — time and peak
# memory of each. Export memory must not grow with the number of places. Release build, SQLite
# (or DATABASE_URL=postgres://… for a PostgreSQL database, emptied first by the caller).
#   scripts/bench-places.sh [SIZES...]        (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(10000 100000); fi
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time manque : apt-get install time" >&2; exit 1; }
swift build -c release --scratch-path .build-release --product tandem >/dev/null
bin=.build-release/release/tandem
work=$(mktemp -d /tmp/tandem-bench-places.XXXXXX)
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export LOG_LEVEL=warning
network="Réseau des médiathèques des Coteaux de l'Arlène"
port=18182
measure() { # measure LABEL COMMAND... : one line "LABEL : T s, M Mo max" (GNU time's %e and %M)
  local label=$1; shift
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  read -r seconds kilobytes <"$work/time"
  printf '%-52s %7s s  %6s Mo max\n' "$label" "$seconds" "$((kilobytes / 1024))"
}

for size in "${sizes[@]}"; do
  export TANDEM_DATA="$work/data-$size"
  "$bin" demo --activities 0 >/dev/null
  python3 scripts/bench/places.py "$size" "$work/places-$size.csv"
  echo "== $size lieux ($(du -h "$work/places-$size.csv" | cut -f1) de CSV)"
  measure "import places (création)" "$bin" import places "$work/places-$size.csv" --structure "$network"
  grep -q "créés\?, 0 modifié, 0 inchangé ; 0 ligne refusée" "$work/out" || { cat "$work/out"; exit 1; }
  measure "import places du même fichier (rien ne change)" "$bin" import places "$work/places-$size.csv" --structure "$network"
  grep -q "^0 lieu créé, 0 modifié, .* inchangés ; 0 ligne refusée" "$work/out" || { cat "$work/out"; exit 1; }
  measure "export places --format csv FICHIER" "$bin" export places "$work/export-$size.csv"
  measure "export places --format json FICHIER" "$bin" export places --format json "$work/export-$size.json"
  echo "   ($(($(wc -l <"$work/export-$size.csv") - 1)) lignes exportées, $(du -h "$work/export-$size.csv" | cut -f1) en CSV, $(du -h "$work/export-$size.json" | cut -f1) en JSON)"

  # Over HTTP: the server's peak memory (VmHWM) after the first page, then after the downloads.
  "$bin" serve --port $port >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  curl -fs -o /dev/null "http://127.0.0.1:$port/connexion"
  before=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
  csv_seconds=$(curl -fs -o "$work/http-$size.csv" -w '%{time_total}' "http://127.0.0.1:$port/opendata/lieux.csv")
  json_seconds=$(curl -fs -o "$work/http-$size.json" -w '%{time_total}' "http://127.0.0.1:$port/opendata/lieux.json")
  after=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$server/status")
  cmp -s "$work/http-$size.csv" "$work/export-$size.csv" || { echo "HTTP et commande diffèrent" >&2; exit 1; }
  printf '%-52s %7.2f s\n' "GET /opendata/lieux.csv" "$csv_seconds"
  printf '%-52s %7.2f s\n' "GET /opendata/lieux.json" "$json_seconds"
  printf '%-52s %7s Mo max avant, %s Mo après\n' "serveur (VmHWM)" "$before" "$after"
  kill $server; wait $server 2>/dev/null || true; server=""
done

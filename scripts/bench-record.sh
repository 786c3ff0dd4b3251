#!/usr/bin/env bash
# The logbook benchmark (docs/benchmarks.md): creates through the store (`tandem bench record`)
# and over HTTP (wrk), and the mediator's list page with a large table. Release build, SQLite.
#   scripts/bench-record.sh [ACTIVITIES] [SECONDS]      (defaults: 1000000 and 30)
set -euo pipefail
cd "$(dirname "$0")/.."
activities=${1:-1000000}
seconds=${2:-30}
command -v wrk >/dev/null || { echo "wrk manque : apt-get install wrk" >&2; exit 1; }
swift build -c release --scratch-path .build-release --product tandem >/dev/null
bin=.build-release/release/tandem
export TANDEM_DATA=$(mktemp -d /tmp/tandem-bench.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$TANDEM_DATA"' EXIT
export LOG_LEVEL=warning
port=18181

echo "== Territoire de démonstration : $activities activités"
/usr/bin/time -f "   (chargement : %e s, mémoire max %M Ko)" "$bin" demo --activities "$activities" | sed -n 2p

echo "== Magasin (tandem bench record)"
"$bin" bench record --creates 5000 --lists 500

"$bin" serve --port $port >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done

email=sophie.marty@coteaux-arlene.example
export TANDEM_TOKEN=$("$bin" token create --email $email | tail -n 1)
export TANDEM_PLACE=$(curl -fs -H "Authorization: Bearer $TANDEM_TOKEN" "http://127.0.0.1:$port/api/v1/activities?limit=200" \
  | grep -o '"placeId":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
export TANDEM_DAY=$(date +%F)

echo "== HTTP : création d'activités (POST /api/v1/activities), 16 connexions, ${seconds} s"
wrk -t 2 -c 16 -d "${seconds}s" --latency -s scripts/bench/create.lua "http://127.0.0.1:$port/api/v1/activities" | tail -n 1

jar=$(mktemp)
csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$port/connexion" | grep -o 'name="_csrf" value="[^"]*"' | sed 's/.*value="//;s/"//')
curl -fs -b "$jar" -c "$jar" -o /dev/null -d "_csrf=$csrf&email=$email&password=tandem-demo-2026&suite=" "http://127.0.0.1:$port/connexion"
export TANDEM_COOKIE="tandem_session=$(awk '$6 == "tandem_session" {print $7}' "$jar")"
rows=$(sqlite3 "$TANDEM_DATA/tandem.sqlite" "select count(*) from activities")
echo "== HTTP : page /activites du médiateur ($rows activités dans la table), 4 connexions, ${seconds} s"
wrk -t 2 -c 4 -d "${seconds}s" --latency -s scripts/bench/page.lua "http://127.0.0.1:$port/activites" | tail -n 1
echo "== HTTP : page /activites?page=50"
wrk -t 2 -c 4 -d "${seconds}s" --latency -s scripts/bench/page.lua "http://127.0.0.1:$port/activites?page=50" | tail -n 1

#!/usr/bin/env bash
# Load check: Debian's wrk with tests/external/load/mixed.lua (80 % reads, 20 % creates, Bearer
# token) against `tandem serve --demo` on a fresh SQLite folder. Warm-up (LOAD_WARMUP, 10 s, same
# mix), server RSS, the measured run (wrk -t2 -c64 -d60s --latency), server RSS again.
# Fails if any response is not 2xx, if wrk saw any socket error (connect, read, write, timeout),
# if the server logged an internal error, or if the final RSS is more than 20 % above the RSS
# after warm-up. Prints requests/s, p50 and p99, and one summary line "RESULT …".
#
# Env: TANDEM_BIN (default: the release build .build-release/release/tandem if it exists, else
# the debug one), LOAD_PORT (18092), LOAD_THREADS (2), LOAD_CONNECTIONS (64), LOAD_DURATION (60s),
# LOAD_WARMUP (10s), LOAD_TIMEOUT (wrk's per-request timeout, 10s), LOAD_KEEP (a folder to keep
# the logs and wrk's output in).
set -euo pipefail
cd "$(dirname "$0")/../../.."
if [ -n "${TANDEM_BIN:-}" ]; then bin=$TANDEM_BIN
elif [ -x .build-release/release/tandem ]; then bin=.build-release/release/tandem
else bin=$(swift build --show-bin-path)/tandem; fi
[ -x "$bin" ] || { echo "load: $bin introuvable" >&2; exit 1; }
command -v wrk >/dev/null || { echo "load: wrk manquant (apt-get install wrk)" >&2; exit 1; }
port=${LOAD_PORT:-18092}
threads=${LOAD_THREADS:-2}
connections=${LOAD_CONNECTIONS:-64}
duration=${LOAD_DURATION:-60s}
warmup=${LOAD_WARMUP:-10s}
timeout=${LOAD_TIMEOUT:-10s}
script=tests/external/load/mixed.lua

work=$(mktemp -d /tmp/tandem-load.XXXXXX)
keep=${LOAD_KEEP:-}
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  if [ -n "$keep" ]; then mkdir -p "$keep"; cp "$work"/*.log "$work"/*.txt "$keep"/ 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The server reads Resources/ from its working directory: started from the repository.
export TANDEM_DATA="$work/data"
"$bin" serve --demo --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "load: le serveur ne répond pas" >&2; tail -n 20 "$work/serve.log" >&2; exit 1; }
email=$(grep -o '[a-z.]*@coteaux-arlene.example *Médiateur' "$work/serve.log" | head -n 1 | awk '{print $1}')
token=$("$bin" token create --email "$email" 2>/dev/null | tail -n 1)
[[ "$token" == tdm_* ]] || { echo "load: pas de jeton pour $email" >&2; exit 1; }
place=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/activities?limit=50" | grep -o '"placeId":"[0-9a-fA-F-]*"' | head -n 1 | cut -d'"' -f4)
[ -n "$place" ] || { echo "load: aucun lieu pour $email" >&2; exit 1; }
before=$(sqlite3 "$TANDEM_DATA/tandem.sqlite" 'SELECT count(*) FROM activities' 2>/dev/null || echo "?")
export TANDEM_TOKEN=$token TANDEM_PLACE=$place TANDEM_DATE=$(date +%F)
echo "load: $bin, port $port, $email, lieu $place"

rss() { ps -o rss= -p "$server_pid" | tr -d ' '; }
rss_start=$(rss)
LOAD_RUN="warmup-$$" wrk -t"$threads" -c"$connections" -d"$warmup" --timeout "$timeout" -s "$script" "http://127.0.0.1:$port" >"$work/wrk-warmup.txt" 2>&1
rss_warm=$(rss)
LOAD_RUN="run-$$" wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$timeout" --latency -s "$script" "http://127.0.0.1:$port" >"$work/wrk.txt" 2>&1
sleep 3 # requests still in flight when wrk stopped (their client gone) finish
rss_end=$(rss)
after=$(sqlite3 "$TANDEM_DATA/tandem.sqlite" 'SELECT count(*) FROM activities' 2>/dev/null || echo "?")
sed -n '/^Running/,/^LOAD/{/^LOAD/!p}' "$work/wrk.txt"

value() { awk -v k="$1" '$1 == "LOAD" && $2 == k { print $3 }' "$work/wrk.txt"; }
requests=$(value requests); rps=$(value rps); p50=$(value p50_us); p90=$(value p90_us); p99=$(value p99_us); max=$(value max_us)
non2xx=$(value non2xx); creates=$(value creates_sent)
sockets=$(awk '$1 == "LOAD" && $2 == "socket_errors" { print $3, $4, $5, $6 }' "$work/wrk.txt")
statuses=$(awk '$1 == "LOAD" && $2 == "status" { printf "%s%s : %s", sep, $3, $4; sep = ", " }' "$work/wrk.txt")
warm_non2xx=$(awk '$1 == "LOAD" && $2 == "non2xx" { print $3 }' "$work/wrk-warmup.txt")
warm_sockets=$(awk '$1 == "LOAD" && $2 == "socket_errors" { print $3, $4, $5, $6 }' "$work/wrk-warmup.txt")
ms() { awk -v us="$1" 'BEGIN { printf "%.1f ms", us / 1000 }'; }

fail=0
check() { if [ "$2" = ok ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
[ -n "$requests" ] || { echo "load: pas de résumé LOAD dans la sortie de wrk" >&2; cat "$work/wrk.txt" >&2; exit 1; }
echo "requêtes : $requests en $duration ($rps/s), dont $creates créations ; statuts : $statuses"
echo "latence : p50 $(ms "$p50"), p90 $(ms "$p90"), p99 $(ms "$p99"), max $(ms "$max")"
echo "activités en base : $before avant, $after après"
echo "RSS du serveur : $rss_start Kio au démarrage, $rss_warm Kio après l'échauffement, $rss_end Kio à la fin"
check "aucune réponse hors 2xx (échauffement ${warm_non2xx:-?}, mesure $non2xx)" "$([ "$non2xx" = 0 ] && [ "${warm_non2xx:-0}" = 0 ] && echo ok)"
check "aucune erreur de socket ($sockets ; échauffement $warm_sockets)" \
  "$([ "$sockets" = "connect=0 read=0 write=0 timeout=0" ] && [ "$warm_sockets" = "connect=0 read=0 write=0 timeout=0" ] && echo ok)"
if [ "$before" != "?" ] && [ "$after" != "?" ]; then
  # Every create answered 201 is in the database (the warm-up's too), and nothing beyond what
  # was sent: creates still in flight when wrk stops are stored without wrk seeing the answer.
  created=$(awk '$1 == "LOAD" && $2 == "status" && $3 == 201 { n += $4 } END { print n + 0 }' "$work/wrk.txt" "$work/wrk-warmup.txt")
  sent=$(awk '$1 == "LOAD" && $2 == "creates_sent" { n += $3 } END { print n + 0 }' "$work/wrk.txt" "$work/wrk-warmup.txt")
  added=$((after - before))
  check "chaque création 201 est en base ($created réponses 201 ≤ $added activités de plus ≤ $sent envoyées)" "$([ "$added" -ge "$created" ] && [ "$added" -le "$sent" ] && echo ok)"
fi
check "pas d'erreur interne dans le journal du serveur" "$(grep -q 'Erreur interne' "$work/serve.log" || echo ok)"
limit=$(( rss_warm * 120 / 100 ))
check "mémoire finale ≤ 120 % de celle après échauffement ($rss_end ≤ $limit Kio)" "$([ "$rss_end" -le "$limit" ] && echo ok)"
echo "RESULT rps=$rps p50_ms=$(awk -v u="$p50" 'BEGIN{printf "%.1f", u/1000}') p99_ms=$(awk -v u="$p99" 'BEGIN{printf "%.1f", u/1000}') requests=$requests non2xx=$non2xx rss_warm_kib=$rss_warm rss_end_kib=$rss_end bin=$bin"
exit "$fail"

#!/usr/bin/env bash
# Operations, from outside the real `tandem` executable (issue 8, item 7):
# - /health, /ready and /metrics (Prometheus text format 0.0.4, parsed back; counters that grow;
#   open on the loopback, refused through a proxy, open with TANDEM_METRICS_TOKEN);
# - LOG_FORMAT=json: one JSON object per line with level, message and request-id; text stays text;
# - graceful stop: SIGTERM (then SIGINT) while a slow request is in flight (the demo's XLSX export
#   of 20,000 activities, as a coordinator): the request gets its whole 200, new connections are
#   refused, the process exits 0 within a bounded time.
# Needs `swift build` to have run, curl and python3. Exit code: the number of failed checks.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$(swift build --show-bin-path)/tandem
passed=0; failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
work=$(mktemp -d /tmp/tandem-ops.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT
port=18090
base="http://127.0.0.1:$port"
export TANDEM_DATA="$work/data"

start_server() { # start_server LOGFILE [env assignments...]: serves in the background, waits for /health
  local log=$1; shift
  if curl -s -o /dev/null "$base/health"; then echo "   le port $port est déjà pris"; return 1; fi
  env "$@" "$bin" serve --port $port >"$log" 2>"$log.err" &
  server_pid=$!
  for _ in $(seq 1 120); do curl -fs "$base/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

# Waits for the server to exit (at most $1 seconds, then SIGKILL); sets $exit_code to its exit code,
# or to "timeout".
wait_exit() {
  local limit=$1 waited=0
  while kill -0 "$server_pid" 2>/dev/null && [ "$(ps -o stat= -p "$server_pid" | cut -c1)" != Z ]; do
    sleep 0.1; waited=$((waited + 1))
    if [ "$waited" -ge $((limit * 10)) ]; then kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null; exit_code=timeout; server_pid=""; return; fi
  done
  wait "$server_pid"; exit_code=$?
  server_pid=""
}

sign_in() { # sign_in COOKIEJAR EMAIL
  local jar=$1 csrf
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/connexion" | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | cut -d'"' -f4)
  [ "$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "_csrf=$csrf" \
        --data-urlencode "email=$2" --data-urlencode "password=tandem-demo-2026" "$base/connexion")" = 303 ]
}

# A slow request in flight, then the signal: the answer must be whole, new connections refused,
# the exit clean and quick. Sets $stop_result to "ok" or to what went wrong.
stop_during_export() { # stop_during_export SIGNAL LOG
  local signal=$1 log=$2 out="$work/export-$1.xlsx"
  (curl -s -b "$work/jar" -o "$out" -w '%{http_code}' "$base/activites/export?format=xlsx" >"$work/export-$signal.code"
   echo " $?" >>"$work/export-$signal.code") &
  local curl_pid=$!
  # The export is in flight when /metrics counts two requests in flight (itself and the export).
  for _ in $(seq 1 100); do
    curl -s "$base/metrics" | grep -Eq '^tandem_http_requests_in_flight [2-9]' && break
    sleep 0.02
  done
  local signalled=$(date +%s.%N)
  kill -s "$signal" "$server_pid"
  sleep 0.3
  local refused; refused=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health")
  wait_exit 30
  local code=$exit_code
  local took; took=$(python3 -c "import time; print(f'{time.time() - $signalled:.1f}')")
  wait "$curl_pid"
  echo "   $signal : export $(cat "$work/export-$signal.code" | tr -d '\n') ($(wc -c <"$out") octets), nouvelle connexion : $refused, sortie $code en ${took} s"
  stop_result=ok
  [ "$(cat "$work/export-$signal.code")" = "200 0" ] || stop_result="export interrompu"
  python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(z.testzip() is not None or 'xl/worksheets/sheet1.xml' not in z.namelist())" "$out" 2>/dev/null || stop_result="$stop_result ; XLSX incomplet"
  [ "$refused" = 000 ] || stop_result="$stop_result ; nouvelle connexion acceptée ($refused)"
  [ "$code" = 0 ] || stop_result="$stop_result ; code de sortie $code"
  # The export was in flight when the stop began: its log line comes after the notice.
  python3 - "$log" <<'EOF' || stop_result="$stop_result ; l'export n'était pas en cours à l'arrêt"
import json, sys
messages = []
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("{"):
        line = json.loads(line)["message"]
    messages.append(line)
notice = next((i for i, m in enumerate(messages) if "Arrêt demandé" in m), None)
sys.exit(notice is None or not any("GET /activites/export 200" in m for m in messages[notice:]))
EOF
}

"$bin" demo >/dev/null 2>&1
check "démo installée (20 000 activités)" [ -s "$TANDEM_DATA/tandem.sqlite" ]

# --- JSON logs, /health, /ready, /metrics ---------------------------------------------------------
check "serve avec LOG_FORMAT=json" start_server "$work/json.log" LOG_FORMAT=json
check "/health" bash -c "curl -fs $base/health | grep -q '\"ok\"'"
check "/ready" bash -c "curl -fs $base/ready | grep -q '\"ok\"'"
check "/metrics : text/plain; version=0.0.4" bash -c "curl -fsI $base/metrics | tr -d '\r' | grep -qi '^content-type: text/plain; version=0.0.4'"

# Parses the exposition strictly; prints "family{labels} value" lines for the caller to compare.
cat >"$work/parse.py" <<'EOF'
import re, sys
text = sys.stdin.read()
assert text.endswith("\n"), "no final newline"
name = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
value = r"(?:[-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)|[-+]Inf|NaN)"
label = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
series = re.compile(rf"^({name})(\{{(?:{label})(?:,{label})*\}})? ({value})$")
types, helps, values = {}, {}, {}
for line in text.split("\n")[:-1]:
    if line.startswith("# HELP "):
        n = line.split(" ")[2]; assert re.fullmatch(name, n) and n not in helps, line; helps[n] = 1
    elif line.startswith("# TYPE "):
        parts = line.split(" ")
        assert len(parts) == 4 and parts[3] in ("counter", "gauge", "histogram", "summary", "untyped") and parts[2] not in types, line
        types[parts[2]] = parts[3]
    else:
        m = series.match(line); assert m, "invalid line: " + line
        family = m.group(1)
        for suffix in ("_bucket", "_sum", "_count"):
            if family.endswith(suffix) and types.get(family[: -len(suffix)]) == "histogram":
                family = family[: -len(suffix)]
        assert family in types, "series without TYPE: " + line
        values[m.group(1) + (m.group(2) or "")] = float(m.group(3))
assert set(types) == set(helps), "HELP and TYPE differ"
for key, v in sorted(values.items()):
    print(key, v)
EOF
curl -fs "$base/metrics" >"$work/metrics1.txt"
check "/metrics : chaque ligne valide (format 0.0.4)" bash -c "python3 '$work/parse.py' <'$work/metrics1.txt' >'$work/m1'"
for _ in 1 2 3 4 5; do curl -fs "$base/health" >/dev/null; done
curl -fs "$base/metrics" | python3 "$work/parse.py" >"$work/m2"
metric() { grep -F "$1 " "$2" | head -n 1 | awk '{print $NF}'; }
h1=$(metric 'tandem_http_requests_total{method="GET",route="/health",status="200"}' "$work/m1")
h2=$(metric 'tandem_http_requests_total{method="GET",route="/health",status="200"}' "$work/m2")
check "/metrics : le compteur de /health a augmenté de 5" python3 -c "import sys; sys.exit(not float('$h2') - float('$h1') == 5)"
check "/metrics : mémoire résidente, pool, build_info" bash -c "grep -q '^tandem_process_resident_memory_bytes ' '$work/m2' && grep -q '^tandem_db_pool_max_connections{storage=\"sqlite\"} ' '$work/m2' && grep -q '^tandem_build_info{' '$work/m2'"
curl -s -o /dev/null "$base/chemin-secret-0123456789"
check "/metrics : un chemin inconnu compte comme unmatched, jamais tel quel" bash -c "curl -fs $base/metrics >'$work/m3' && grep -q 'route=\"unmatched\",status=\"404\"' '$work/m3' && ! grep -q chemin-secret '$work/m3'"
check "/metrics : refusé (403) derrière un proxy sans jeton" [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' "$base/metrics")" = 403 ]
# An activity created through the API counts.
email=mathieu.roussel@coteaux-arlene.example
token=$("$bin" token create --email "$email" 2>/dev/null | tail -n 1)
place=$(curl -fs -H "Authorization: Bearer $token" "$base/api/v1/activities?limit=50" | grep -o '"placeId":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
body="{\"kind\":\"individual\",\"date\":\"$(date +%F)\",\"durationMinutes\":30,\"locationKind\":\"place\",\"placeId\":\"$place\",\"themes\":[\"email\"],\"devices\":[\"phone\"],\"deviceOwners\":[\"beneficiary\"],\"interventionMode\":\"guided\"}"
a1=$(python3 "$work/parse.py" <"$work/m3" | grep '^tandem_activities_recorded_total ' | awk '{print $NF}')
created=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'X-Request-Id: ops-create-42' -d "$body" "$base/api/v1/activities")
a2=$(curl -fs "$base/metrics" | python3 "$work/parse.py" | grep '^tandem_activities_recorded_total ' | awk '{print $NF}')
check "/metrics : une activité créée par l'API est comptée" bash -c "[ '$created' = 201 ] && python3 -c 'import sys; sys.exit(not float(\"$a2\") == float(\"$a1\") + 1)'"
# The cost of a scrape, with a few hundred series.
scrape_ms=$(python3 - "$base" <<'EOF'
import sys, time, urllib.request
url = sys.argv[1] + "/metrics"
for _ in range(5): urllib.request.urlopen(url).read()
n = 200; t = time.perf_counter()
for _ in range(n): urllib.request.urlopen(url).read()
print(f"{(time.perf_counter() - t) / n * 1000:.2f}")
EOF
)
echo "   /metrics : ${scrape_ms} ms par lecture ($(grep -vc '^#' "$work/m3") séries), binaire de debug"

check "connexion d'une coordinatrice" sign_in "$work/jar" claire.vialard@coteaux-arlene.example
stop_during_export TERM "$work/json.log"
check "SIGTERM pendant un export : réponse complète, nouvelles connexions refusées, sortie 0 ($stop_result)" [ "$stop_result" = ok ]

check "LOG_FORMAT=json : une ligne = un objet JSON avec level, message ; request-id sur les requêtes" python3 - "$work/json.log" <<'EOF'
import json, sys
requests = 0
for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    if not line.strip():
        continue  # Vapor prints an empty line when it catches the signal ("clear ^C")
    record = json.loads(line)
    assert isinstance(record, dict) and record.get("level") and record.get("message"), f"line {number}: {line}"
    if record["message"].startswith(("GET ", "POST ")):
        assert record.get("request-id"), f"line {number}: no request-id"
        requests += 1
assert requests > 10, requests
EOF
check "LOG_FORMAT=json : l'identifiant envoyé par le client est dans la ligne de sa requête" python3 -c "
import json, sys
records = [json.loads(l) for l in open('$work/json.log', encoding='utf-8') if l.strip()]
sys.exit(not any(r.get('request-id') == 'ops-create-42' and r['message'] == 'POST /api/v1/activities 201' for r in records))"

# --- text logs, token, SIGINT ---------------------------------------------------------------------
metrics_token=$(python3 -c "import secrets; print(secrets.token_hex(24))")
check "serve en texte (par défaut) avec TANDEM_METRICS_TOKEN" start_server "$work/text.log" TANDEM_METRICS_TOKEN="$metrics_token"
curl -fs -H 'X-Request-Id: ops-text-7' "$base/ready" >/dev/null
check "journal texte : pas de JSON, la ligne de la requête porte son request-id" bash -c "! grep -q '^{' '$work/text.log' && grep -q 'request-id=ops-text-7 .*GET /ready 200' '$work/text.log'"
check "/metrics derrière un proxy avec le jeton : 200" [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' -H "Authorization: Bearer $metrics_token" "$base/metrics")" = 200 ]
check "/metrics derrière un proxy avec un mauvais jeton : 403" [ "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' -H "Authorization: Bearer x$metrics_token" "$base/metrics")" = 403 ]
check "connexion d'une coordinatrice" sign_in "$work/jar" claire.vialard@coteaux-arlene.example
stop_during_export INT "$work/text.log"
check "SIGINT pendant un export : réponse complète, nouvelles connexions refusées, sortie 0 ($stop_result)" [ "$stop_result" = ok ]

check "TANDEM_METRICS_TOKEN trop court : le démarrage s'arrête sur une ligne claire" bash -c "
  env TANDEM_METRICS_TOKEN=court '$bin' serve --port $port >/dev/null 2>'$work/short.err'; code=\$?
  [ \$code -ne 0 ] && [ \$(wc -l <'$work/short.err') -eq 1 ] && grep -q TANDEM_METRICS_TOKEN '$work/short.err'"

echo "$passed ok, $failed en échec"
exit "$failed"

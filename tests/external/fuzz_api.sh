#!/usr/bin/env bash
# API fuzzing: schemathesis (pinned in tests/external/requirements.txt) against the document the
# server publishes, /api/v1/openapi.json, on a fresh `tandem serve --demo`, with a demo
# mediator's token. Every operation, in two passes (schema-valid data, then schema-violating
# data), at most 100 examples per operation and phase; checks:
#   not_a_server_error            no 5xx, ever
#   status_code_conformance       every status is documented
#   content_type_conformance      the documented content type
#   response_schema_conformance   the body matches the documented schema
#   response_headers_conformance  documented headers present and valid
#   negative_data_rejection       data the document forbids is refused (4xx)
#   ignored_auth                  without the token, refused
#   use_after_free, ensure_resource_availability  (stateful: created, read, updated, deleted)
# Not run: positive_data_acceptance (the API has rules across fields, e.g. a workshop needs a
# level, that the document states in words but JSON Schema cannot express, so schema-valid bodies
# get 422, rightly) and unsupported_method (Vapor answers 404, not 405, to a method no route has).
# Deterministic: --generation-deterministic (Hypothesis derandomized; the seed is not used then),
# one worker. Afterwards: no "Erreur interne" in the server's log, the server still up, and at
# least 100 test cases per operation that takes any input (from the NDJSON reports).
# Usage: bash tests/external/fuzz_api.sh [extra schemathesis options]. Env: TANDEM_BIN (default:
# the debug build), FUZZ_PORT (18091), FUZZ_REPORT_DIR (kept reports; default a temporary folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=${TANDEM_BIN:-$(swift build --show-bin-path)/tandem}
port=${FUZZ_PORT:-18091}
[ -x "$bin" ] || { echo "fuzz: $bin introuvable (swift build d'abord)" >&2; exit 1; }

venv=.venv-external
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
fi
# The same pinned set as the browser checks (see run_browser.sh for --ignore-requires-python).
"$venv/bin/python" -m pip install -q --disable-pip-version-check --ignore-requires-python \
  -r tests/external/requirements.txt

work=$(mktemp -d /tmp/tandem-fuzz.XXXXXX)
reports=${FUZZ_REPORT_DIR:-$work/reports}
mkdir -p "$reports"
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work/data"; }
trap cleanup EXIT

# The server serves Resources/ from its working directory: started from the repository.
export TANDEM_DATA="$work/data"
"$bin" serve --demo --port "$port" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 180); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 1; done
curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "fuzz: le serveur ne répond pas" >&2; tail -n 20 "$work/serve.log" >&2; exit 1; }
email=$(grep -o '[a-z.]*@coteaux-arlene.example *Médiateur' "$work/serve.log" | head -n 1 | awk '{print $1}')
token=$("$bin" token create --email "$email" 2>/dev/null | tail -n 1)
[[ "$token" == tdm_* ]] || { echo "fuzz: pas de jeton pour $email" >&2; exit 1; }
echo "fuzz: serveur $bin sur le port $port, jeton de $email"

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
checks=$checks,response_headers_conformance,negative_data_rejection,ignored_auth,use_after_free,ensure_resource_availability
code=0
for mode in positive negative; do
  if [ "$mode" = positive ]; then echo "== schemathesis, données conformes au document"; else echo "== schemathesis, données contraires au document"; fi
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks "$checks" --mode "$mode" --max-examples 100 --generation-deterministic --workers 1 \
    --continue-on-failure --request-timeout 30 --no-color --output-truncate true \
    --report junit,ndjson --report-dir "$reports/$mode" "$@" || code=1
done

echo "== après le fuzzing"
if grep -q "Erreur interne" "$work/serve.log"; then
  echo "FAIL le serveur a journalisé des erreurs internes :"; grep -B1 "Erreur interne" "$work/serve.log" | head -n 20
  code=1
else
  echo "ok   aucune erreur interne dans le journal du serveur"
fi
if curl -fs "http://127.0.0.1:$port/health" >/dev/null; then echo "ok   le serveur répond encore"; else echo "FAIL le serveur ne répond plus"; code=1; fi
# Cases per operation, over both passes and every phase (stateful sequences included). An
# operation with no input at all (/health, /ready) has one possible request, so no minimum for
# it; schemathesis leaves out the operation that serves the document it reads.
"$venv/bin/python" - "$reports" "$root/Resources/openapi.json" <<'EOF' || code=1
import collections, glob, json, sys
reports, document = sys.argv[1], json.load(open(sys.argv[2]))
cases, phases = collections.Counter(), collections.Counter()
for path in glob.glob(reports + "/*/*.ndjson"):
    for line in open(path):
        finished = json.loads(line).get("ScenarioFinished")
        for case in (finished or {}).get("recorder", {}).get("cases", {}).values():
            value = case["value"]
            cases[f"{value['method']} {value['path']}"] += 1
            phases[finished["phase"]] += 1
ok = True
for path, item in document["paths"].items():
    shared = item.get("parameters", [])
    for method, operation in item.items():
        if method not in ("get", "post", "put", "delete", "patch"):
            continue
        label = f"{method.upper()} {path}"
        has_input = bool(shared or operation.get("parameters") or operation.get("requestBody"))
        count = cases.get(label, 0)
        good = count >= 100 or not has_input or path == "/api/v1/openapi.json"
        ok &= good
        note = " (le document lu par schemathesis)" if path == "/api/v1/openapi.json" else "" if has_input else " (sans paramètre)"
        print(f"{'ok  ' if good else 'FAIL'} {count:5d} cas  {label}{note}")
print("     par phase : " + ", ".join(f"{name} {count}" for name, count in sorted(phases.items())))
sys.exit(0 if ok else 1)
EOF
echo "rapports : $reports"
exit "$code"

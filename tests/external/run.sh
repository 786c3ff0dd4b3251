#!/usr/bin/env bash
# Outside checks: the real `tandem` executable, started the way the README says, checked from
# outside with curl. PG_URL (set by .ci/run) adds the PostgreSQL checks.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$(swift build --show-bin-path)/tandem
passed=0; failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
work=$(mktemp -d /tmp/tandem-ext.XXXXXX)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

one_line_error() { # the command fails with exit 1 and a single line on stderr containing $1
  local expected=$1; shift
  "$@" >"$work/out" 2>"$work/err"; local code=$?
  [ "$code" -ne 0 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q -- "$expected" "$work/err"
}

check "aide de la ligne de commande" bash -c "'$bin' --help | grep -q demo"
check "DATABASE_URL invalide : une ligne claire" one_line_error "DATABASE_URL" env DATABASE_URL="mysql://x@y/z" "$bin" migrate
check "PostgreSQL injoignable : une ligne claire" one_line_error "PostgreSQL" env DATABASE_URL="postgres://nobody@127.0.0.1:9/none" "$bin" migrate
touch "$work/not-a-folder"
check "dossier de données inutilisable : une ligne claire" one_line_error "TANDEM_DATA" env TANDEM_DATA="$work/not-a-folder/data" "$bin" migrate

# The README's first command, on an empty embedded database.
export TANDEM_DATA="$work/data"
port=18080
"$bin" serve --demo --port $port >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 1; done
check "serve --demo répond sur /health" bash -c "curl -fs http://127.0.0.1:$port/health | grep -q ok"
check "/ready : base joignable" bash -c "curl -fs http://127.0.0.1:$port/ready | grep -q ok"
check "la démo affiche ses comptes" grep -q "tandem-demo-2026" "$work/serve.log"
check "page de connexion en français" bash -c "curl -fs http://127.0.0.1:$port/connexion | grep -q 'lang=\"fr\"'"
check "base SQLite en WAL" bash -c "[ \"\$(sqlite3 '$TANDEM_DATA/tandem.sqlite' 'PRAGMA journal_mode')\" = wal ]"
email=$(grep -o '[a-z.]*@coteaux-arlene.example *Médiateur' "$work/serve.log" | head -n 1 | awk '{print $1}')
token=$("$bin" token create --email "$email" 2>/dev/null | tail -n 1)
check "token create affiche un jeton" bash -c "[[ '$token' == tdm_* ]]"
place=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/activities?limit=50" | grep -o '"placeId":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
body="{\"kind\":\"individual\",\"date\":\"$(date +%F)\",\"durationMinutes\":30,\"locationKind\":\"place\",\"placeId\":\"$place\",\"themes\":[\"email\"],\"devices\":[\"phone\"],\"deviceOwners\":[\"beneficiary\"],\"interventionMode\":\"guided\"}"
post() { curl -s -o "$work/post.json" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H 'Idempotency-Key: ext-1' -d "$body" "http://127.0.0.1:$port/api/v1/activities"; }
first=$(post); id1=$(grep -o '"id":"[^"]*"' "$work/post.json"); second=$(post); id2=$(grep -o '"id":"[^"]*"' "$work/post.json")
check "API : création 201" [ "$first" = 201 ]
check "API : renvoi idempotent, même activité" bash -c "[ '$second' = 201 ] && [ '$id1' = '$id2' ] && [ -n '$id1' ]"
check "API : erreur par champ" bash -c "curl -s -H 'Authorization: Bearer $token' -H 'Content-Type: application/json' -d '{\"kind\":\"individual\",\"durationMinutes\":0}' http://127.0.0.1:$port/api/v1/activities | grep -q durationMinutes"
check "OpenAPI servi" bash -c "curl -fs http://127.0.0.1:$port/api/v1/openapi.json | grep -q '\"openapi\"'"
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
unset TANDEM_DATA

# Places in the national standard: import of the standard's example, again (nothing changes),
# export (32 columns), and a file refused as a whole with one line.
example=../shared/reference/standard-mediation-num/exemple-valide.csv
export TANDEM_DATA="$work/places"
network="Réseau des médiathèques des Coteaux de l'Arlène"
"$bin" demo --activities 0 >/dev/null 2>&1
check "import places : l'exemple du standard crée son lieu" bash -c "'$bin' import places '$example' --structure \"$network\" | grep -q '^1 lieu créé, 0 modifié, 0 inchangé ; 0 ligne refusée.$'"
check "import places : le même fichier ne change rien" bash -c "'$bin' import places '$example' --structure \"$network\" | grep -q '^0 lieu créé, 0 modifié, 1 inchangé ; 0 ligne refusée.$'"
check "export places : 32 colonnes, le lieu importé inclus" bash -c "'$bin' export places '$work/lieux.csv' >/dev/null && python3 -c \"import csv,sys; rows=list(csv.reader(open('$work/lieux.csv',encoding='utf-8'))); sys.exit(not (len(rows) > 2 and all(len(r) == 32 for r in rows) and rows[0][:2] == ['id','pivot'] and any(r[0] == 'structure-1' for r in rows)))\""
check "export places --format json sur la sortie standard : les mêmes lieux" bash -c "'$bin' export places --format json | python3 -c \"import csv,json,sys; ids=[p['id'] for p in json.load(sys.stdin)]; rows=list(csv.DictReader(open('$work/lieux.csv',encoding='utf-8'))); sys.exit(sorted(ids) != sorted(r['id'] for r in rows))\""
python3 -c "import sys; sys.stdout.buffer.write(open(sys.argv[1],encoding='utf-8').read().encode('latin-1','replace'))" "$example" >"$work/latin1.csv"
check "import places : fichier non UTF-8, une ligne claire" one_line_error "UTF-8" "$bin" import places "$work/latin1.csv" --structure "$network"
check "import places : plusieurs structures, --structure demandé" one_line_error "--structure" "$bin" import places "$example"
unset TANDEM_DATA

if [ -n "${PG_URL:-}" ]; then
  export DATABASE_URL="$PG_URL/tandem_cli"
  check "migrate sur PostgreSQL" "$bin" migrate
  check "migrate deux fois sans dommage" "$bin" migrate
  check "demo sur PostgreSQL" bash -c "'$bin' demo --activities 2000 | grep -q '000 activités'"
  check "import places sur PostgreSQL, deux fois" bash -c "'$bin' import places ../shared/reference/standard-mediation-num/exemple-valide.csv --structure \"Réseau des médiathèques des Coteaux de l'Arlène\" | grep -q '^1 lieu créé' && '$bin' import places ../shared/reference/standard-mediation-num/exemple-valide.csv --structure \"Réseau des médiathèques des Coteaux de l'Arlène\" | grep -q ' 1 inchangé '"
  check "export places sur PostgreSQL" bash -c "'$bin' export places | python3 -c \"import csv,io,sys; rows=list(csv.reader(io.TextIOWrapper(sys.stdin.buffer, encoding='utf-8', newline=''))); sys.exit(not (len(rows) > 2 and all(len(r) == 32 for r in rows) and any(r[0] == 'structure-1' for r in rows)))\""
  check "user create lit le mot de passe sur l'entrée standard" bash -c "echo 'un-mot-de-passe-solide' | '$bin' user create --email nouvelle@exemple.fr --role researcher --name 'Nouvelle' | grep -q 'Compte créé'"
  check "user create refuse un rôle inconnu" one_line_error "--role" bash -c "echo 'un-mot-de-passe-solide' | '$bin' user create --email autre@exemple.fr --role chef"
  check "user create refuse un mot de passe court" one_line_error "12 caractères" bash -c "echo 'court' | '$bin' user create --email court@exemple.fr --role researcher"
  unset DATABASE_URL
fi

echo
echo "external: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

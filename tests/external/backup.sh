#!/usr/bin/env bash
# Backups (issue 8, item 5), with the real executable: `tandem backup` while `serve --demo` takes
# creates through the API, the backup's checks and refusals, then `tandem restore` into a fresh
# data folder, a server on it, and the same records: every create answered before the backup
# began is there, none started after it ended is. With PG_URL (set by .ci/run), the README's
# pg_dump / pg_restore commands on a demo database, then `tandem rollups check` on the copy.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$(swift build --show-bin-path)/tandem
passed=0; failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
work=$(mktemp -d /tmp/tandem-backup.XXXXXX)
server_pid=""
writers=()
cleanup() {
  touch "$work/stop"
  for pid in "${writers[@]}"; do kill "$pid" 2>/dev/null; done
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

one_line_error() { # the command fails with exit 1 and a single line on stderr containing $1
  local expected=$1; shift
  "$@" >"$work/out" 2>"$work/err"; local code=$?
  [ "$code" -ne 0 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q -- "$expected" "$work/err"
}
port=18461
wait_health() {
  for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return 0; sleep 1; done
  return 1
}
now() { date +%s.%N; }

# A server with the demo territory (20,000 activities).
export TANDEM_DATA="$work/data"
"$bin" serve --demo --port $port >"$work/serve.log" 2>&1 &
server_pid=$!
check "serve --demo démarre" wait_health
email=$(grep -o '[a-z.]*@coteaux-arlene.example *Médiateur' "$work/serve.log" | head -n 1 | awk '{print $1}')
token=$("$bin" token create --email "$email" 2>/dev/null | tail -n 1)
place=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/activities?limit=50" | grep -o '"placeId":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
body="{\"kind\":\"individual\",\"date\":\"$(date +%F)\",\"durationMinutes\":30,\"locationKind\":\"place\",\"placeId\":\"$place\",\"themes\":[\"email\"],\"devices\":[\"phone\"],\"deviceOwners\":[\"beneficiary\"],\"interventionMode\":\"guided\"}"

# Two writers create activities until told to stop: one line per answer (sent, answered, status, id).
writer() {
  local n=$1 i=0 sent out code id
  while [ ! -e "$work/stop" ]; do
    i=$((i + 1)); sent=$(now)
    out=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: sauvegarde-$n-$i" -d "$body" "http://127.0.0.1:$port/api/v1/activities")
    code=${out##* }
    id=$(printf '%s' "$out" | grep -o '"id":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
    echo "$sent $(now) $code ${id:-none}" >>"$work/writes-$n"
  done
}
writer 1 & writers+=($!)
writer 2 & writers+=($!)
sleep 3
backup_start=$(now)
"$bin" backup "$work/sauvegarde.sqlite" >"$work/backup.out" 2>"$work/backup.err"; backup_code=$?
backup_end=$(now)
sleep 3
touch "$work/stop"
for pid in "${writers[@]}"; do wait "$pid" 2>/dev/null; done
writers=()
cat "$work"/writes-* >"$work/writes"
echo "     $(tail -n 1 "$work/backup.out")"

check "backup pendant des créations par l'API : succès" [ "$backup_code" -eq 0 ]
check "backup : copie vérifiée, taille et nombres affichés" grep -q "intégrité vérifiée. Activités : " "$work/backup.out"
check "toutes les créations ont répondu 201" bash -c "[ -s '$work/writes' ] && ! awk '\$3 != 201' '$work/writes' | grep -q ."
before=$(awk -v t="$backup_start" '$2 < t' "$work/writes" | wc -l)
during=$(awk -v a="$backup_start" -v b="$backup_end" '$1 < b && $2 > a' "$work/writes" | wc -l)
after=$(awk -v t="$backup_end" '$1 > t' "$work/writes" | wc -l)
echo "     créations : $before avant la sauvegarde, $during pendant, $after après ($(awk "BEGIN{printf \"%.1f\", $backup_end - $backup_start}") s de sauvegarde)"
check "des créations avant, pendant et après la sauvegarde" bash -c "[ $before -gt 0 ] && [ $during -gt 0 ] && [ $after -gt 0 ]"
check "sauvegarde : PRAGMA integrity_check = ok (sqlite3)" bash -c "[ \"\$(sqlite3 '$work/sauvegarde.sqlite' 'PRAGMA integrity_check')\" = ok ]"
check "aucun fichier temporaire laissé" bash -c "! ls '$work' | grep -q partiel"
check "backup refuse d'écraser un fichier : une ligne" one_line_error "existe déjà" "$bin" backup "$work/sauvegarde.sqlite"
echo "ancien contenu" >"$work/autre.sqlite"
check "backup --force remplace le fichier" bash -c "'$bin' backup --force '$work/autre.sqlite' | grep -q 'intégrité vérifiée' && [ \"\$(sqlite3 '$work/autre.sqlite' 'PRAGMA integrity_check')\" = ok ]"
check "restore refusé tant que le serveur tourne : une ligne" one_line_error "un serveur Tandem utilise" "$bin" restore "$work/sauvegarde.sqlite"
echo "pas une base" >"$work/texte.txt"
check "restore d'un fichier qui n'est pas une base : une ligne" one_line_error "n'est pas une base SQLite" env TANDEM_DATA="$work/vide" "$bin" restore "$work/texte.txt"
check "restore d'un fichier absent : une ligne" one_line_error "n'existe pas" env TANDEM_DATA="$work/vide" "$bin" restore "$work/absent.sqlite"
# A backup as a newer Tandem would leave it: one more migration recorded.
cp "$work/sauvegarde.sqlite" "$work/future.sqlite"
sqlite3 "$work/future.sqlite" "INSERT INTO _fluent_migrations (id, name, batch, created_at, updated_at) VALUES ('7C1E4B52-0D39-4C55-9E0A-5A0F2B7D9E11', 'TandemApp.AddSomethingLater', 99, 0, 0)"
check "restore d'une sauvegarde d'une version plus récente : une ligne" one_line_error "version plus récente de Tandem" env TANDEM_DATA="$work/vide" "$bin" restore "$work/future.sqlite"
check "… et migrate sur une telle base : une ligne" one_line_error "version plus récente de Tandem" env TANDEM_DATA="$work/futur" bash -c "mkdir -p '$work/futur' && cp '$work/future.sqlite' '$work/futur/tandem.sqlite' && '$bin' migrate"
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""

# Restore into a fresh data folder, then serve it.
export TANDEM_DATA="$work/restored"
check "restore dans un dossier de données neuf" bash -c "'$bin' restore '$work/sauvegarde.sqlite' | grep -q 'Base restaurée'"
check "rollups check sur la base restaurée" bash -c "'$bin' rollups check | grep -q 'Agrégats conformes'"
"$bin" serve --port $port >"$work/serve2.log" 2>&1 &
server_pid=$!
check "serve sur la base restaurée" wait_health
saved=$(sqlite3 "$work/sauvegarde.sqlite" 'SELECT COUNT(*) FROM activities')
restored=$(sqlite3 "$work/restored/tandem.sqlite" 'SELECT COUNT(*) FROM activities')
echo "     activités : $saved dans la sauvegarde, $restored servies après restauration"
check "même nombre d'activités que la sauvegarde" [ "$saved" = "$restored" ]
status_of() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/activities/$1"; }
present_ok=1; absent_ok=1
for id in $(awk -v t="$backup_start" '$2 < t && $3 == 201 {print $4}' "$work/writes"); do [ "$(status_of "$id")" = 200 ] || present_ok=0; done
for id in $(awk -v t="$backup_end" '$1 > t && $3 == 201 {print $4}' "$work/writes"); do [ "$(status_of "$id")" = 404 ] || absent_ok=0; done
check "créations répondues avant la sauvegarde : toutes présentes (API, même jeton)" [ "$present_ok" = 1 ]
check "créations commencées après la sauvegarde : absentes" [ "$absent_ok" = 1 ]
kill "$server_pid"; wait "$server_pid" 2>/dev/null; server_pid=""
unset TANDEM_DATA

# PostgreSQL: the built-in commands point to pg_dump, and the README's commands work.
if [ -n "${PG_URL:-}" ]; then
  pg_host=$(printf '%s' "$PG_URL" | sed -E 's#^postgres://([^@]*@)?([^:/]*):([0-9]+).*#\2#')
  pg_port=$(printf '%s' "$PG_URL" | sed -E 's#^postgres://([^@]*@)?([^:/]*):([0-9]+).*#\3#')
  export PGHOST=$pg_host PGPORT=$pg_port PGUSER=postgres
  for db in tandem_sauvegarde tandem_restauree; do dropdb --if-exists "$db" 2>/dev/null; createdb "$db"; done
  DATABASE_URL="$PG_URL/tandem_sauvegarde" "$bin" migrate >/dev/null 2>&1
  DATABASE_URL="$PG_URL/tandem_sauvegarde" "$bin" demo --activities 2000 >/dev/null 2>&1
  check "backup sur PostgreSQL : une ligne vers pg_dump" one_line_error "pg_dump" env DATABASE_URL="$PG_URL/tandem_sauvegarde" "$bin" backup "$work/pg.sqlite"
  check "restore sur PostgreSQL : une ligne vers pg_restore" one_line_error "pg_restore" env DATABASE_URL="$PG_URL/tandem_sauvegarde" "$bin" restore "$work/sauvegarde.sqlite"
  check "pg_dump --format=custom" pg_dump --format=custom --file="$work/tandem.dump" tandem_sauvegarde
  check "pg_restore dans une base vide" pg_restore --no-owner --dbname=tandem_restauree "$work/tandem.dump"
  count() { psql -tA -d "$1" -c 'SELECT COUNT(*) FROM activities'; }
  check "PostgreSQL : mêmes activités après pg_restore" [ "$(count tandem_sauvegarde)" = "$(count tandem_restauree)" ]
  check "PostgreSQL : rollups check sur la copie" bash -c "DATABASE_URL='$PG_URL/tandem_restauree' '$bin' rollups check | grep -q 'Agrégats conformes'"
  for db in tandem_sauvegarde tandem_restauree; do dropdb --if-exists "$db" 2>/dev/null; done
fi

echo "$passed vérifications réussies, $failed en échec."
[ "$failed" -eq 0 ]

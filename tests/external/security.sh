#!/usr/bin/env bash
# Security from outside (issue 8): the real server's headers and session cookie, the password
# rules of `tandem user create`, and sign-in throttling (429 after 10 failures, Retry-After).
# The same rules are tested in detail in Tests/TandemAppTests/SecurityTests.swift.
set -uo pipefail
cd "$(dirname "$0")/../.."
bin=$(swift build --show-bin-path)/tandem
passed=0; failed=0
check() { # check NAME COMMAND...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
work=$(mktemp -d /tmp/tandem-sec.XXXXXX)
server_pid=""
stop() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; server_pid=""; }
trap 'stop; rm -rf "$work"' EXIT
port=18091
base="http://127.0.0.1:$port"
export TANDEM_DATA="$work/data"

start() { # start [ENV=VALUE...]: the server on the demo territory, without activities
  env "$@" "$bin" serve --port $port >>"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do curl -fs "$base/health" >/dev/null 2>&1 && return 0; sleep 0.5; done
  return 1
}

"$bin" demo --activities 0 >"$work/demo.log" 2>&1
email=$(grep -o '[a-z.]*@coteaux-arlene.example' "$work/demo.log" | head -n 1)
check "démo installée, un compte trouvé" [ -n "$email" ]

one_line_error() { # the command fails and prints one line on stderr containing $1
  local expected=$1; shift
  "$@" >"$work/out" 2>"$work/err"; local code=$?
  [ "$code" -ne 0 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q -- "$expected" "$work/err"
}
check "user create refuse un mot de passe courant" one_line_error "plus courants" bash -c "echo 'Azertyuiop123' | '$bin' user create --email courant@exemple.fr --role researcher"
check "user create refuse un mot de passe trop court" one_line_error "12 caractères" bash -c "echo 'motdepasse' | '$bin' user create --email court@exemple.fr --role researcher"
check "user create refuse la partie locale de l'adresse" one_line_error "adresse e-mail" bash -c "echo 'jeanne.martinez' | '$bin' user create --email jeanne.martinez@exemple.fr --role researcher"
check "user create accepte un mot de passe solide" bash -c "echo 'girafe bleue sous la pluie' | '$bin' user create --email solide@exemple.fr --role researcher | grep -q 'Compte créé'"

start || echo "le serveur ne démarre pas"
headers_ok() { # headers_ok CURL-ARGS...: the security headers are on the answer
  curl -s -o /dev/null -D "$work/h" "$@" || return 1
  grep -qi '^content-security-policy:.*frame-ancestors '"'"'none'"'"'' "$work/h" && ! grep -qi '^content-security-policy:.*unsafe-inline' "$work/h" \
    && grep -qi '^x-content-type-options: nosniff' "$work/h" && grep -qi '^referrer-policy: ' "$work/h"
}
check "en-têtes : page" headers_ok "$base/lieux"
check "en-têtes : page introuvable" headers_ok "$base/pas-ici"
check "en-têtes : redirection" headers_ok "$base/activites"
check "en-têtes : fichier statique" headers_ok "$base/css/tandem.css"
check "en-têtes : API refusée (401)" headers_ok "$base/api/v1/activities"
check "cookie de session : HttpOnly, SameSite=Lax, sans Secure par défaut" bash -c "curl -s -D - -o /dev/null '$base/connexion' | grep -i '^set-cookie: tandem_session=' | grep -i 'httponly' | grep -i 'samesite=lax' | grep -vqi 'secure'"

jar="$work/jar"
sign_in() { # sign_in EMAIL PASSWORD: prints the status, headers in $work/si.h and the page in $work/si.html
  local csrf
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/connexion" | grep -o 'name="_csrf" value="[^"]*"' | head -n 1 | cut -d'"' -f4)
  curl -s -c "$jar" -b "$jar" -D "$work/si.h" -o "$work/si.html" -w '%{http_code}' \
    --data-urlencode "_csrf=$csrf" --data-urlencode "email=$1" --data-urlencode "password=$2" "$base/connexion"
}
codes=""
for n in $(seq 1 10); do codes="$codes $(sign_in "$email" "pas-le-bon-$n")"; done
check "10 échecs : 401 chaque fois" [ "$codes" = "$(printf ' 401%.0s' $(seq 1 10))" ]
check "11e essai, bon mot de passe : 429" [ "$(sign_in "$email" tandem-demo-2026)" = 429 ]
check "429 : message en français" grep -q "Trop de tentatives de connexion. Réessayez dans 15 minutes." "$work/si.html"
check "429 : Retry-After en secondes" bash -c "grep -i '^retry-after:' '$work/si.h' | grep -Eq ' (8[0-9][0-9]|900)'"
unknown=$(sign_in personne@nulle.part quelconque-long)
check "429 : même réponse pour une adresse sans compte" bash -c "[ '$unknown' = 429 ] && grep -q 'Trop de tentatives de connexion.' '$work/si.html'"
stop

start TANDEM_SECURE_COOKIES=1 || echo "le serveur ne redémarre pas"
check "TANDEM_SECURE_COOKIES=1 : cookie Secure, HttpOnly, SameSite=Lax" bash -c "curl -s -D - -o /dev/null '$base/connexion' | grep -i '^set-cookie: tandem_session=' | grep -i 'httponly' | grep -i 'samesite=lax' | grep -qi '; *secure'"
stop

echo "$passed vérifications réussies, $failed échouées"
[ "$failed" -eq 0 ]

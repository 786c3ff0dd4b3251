#!/usr/bin/env python3
"""Crash safety (issue 8, item 4), with the real executable and the standard library only.

A fresh SQLite data folder with a small demo; then, ROUNDS times: `tandem serve` starts, several
threads send creates through the API (distinct Idempotency-Keys), the server is killed with
SIGKILL after a random 0.5-3 s, and once it is restarted:
- every create answered 201, in this round or any earlier one, is in the database (sqlite3) and
  this round's are served by the API (GET /api/v1/activities/{id} answers 200);
- `PRAGMA integrity_check` answers ok (sqlite3 command-line tool);
- `tandem rollups check` finds the statistics equal to a recount from the records.
What is verified is SQLite's promise in WAL mode with synchronous=NORMAL: a committed
transaction survives the process being killed (not a power cut).

Usage: python3 tests/external/crash_safety.py [--rounds 10] [--threads 4] [--seed N]
"""
import argparse
import datetime
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PORT = 18462
DEMO_ACTIVITIES = 200
BASE = f"http://127.0.0.1:{PORT}"


def binary():
    path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "tandem")


def request(method, path, token=None, body=None, key=None, timeout=15):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if key:
        req.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Server:
    def __init__(self, tandem, env, log):
        self.tandem, self.env, self.log = tandem, env, log
        self.process = None

    def start(self):
        out = open(self.log, "ab")
        self.process = subprocess.Popen([self.tandem, "serve", "--port", str(PORT)], env=self.env,
                                        stdout=out, stderr=subprocess.STDOUT)
        out.close()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"le serveur s'est arrêté au démarrage (voir {self.log})")
            try:
                if request("GET", "/health", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        sys.exit("le serveur ne répond pas sur /health")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()


def sqlite(db, sql):
    return subprocess.run(["sqlite3", db, sql], check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tandem = binary()
    work = tempfile.mkdtemp(prefix="tandem-crash.")
    env = dict(os.environ, TANDEM_DATA=os.path.join(work, "data"))
    env.pop("DATABASE_URL", None)
    db = os.path.join(work, "data", "tandem.sqlite")
    server = Server(tandem, env, os.path.join(work, "serve.log"))
    failures = []
    try:
        demo = subprocess.run([tandem, "demo", "--activities", str(DEMO_ACTIVITIES)], env=env, check=True,
                              capture_output=True, text=True).stdout
        email = re.search(r"([a-z.]+@coteaux-arlene\.example)\s+Médiateur", demo).group(1)
        token = subprocess.run([tandem, "token", "create", "--email", email], env=env, check=True,
                               capture_output=True, text=True).stdout.strip().splitlines()[-1]
        server.start()
        status, listing = request("GET", "/api/v1/activities?limit=50", token=token)
        places = sorted({item["placeId"] for item in json.loads(listing)["items"] if item.get("placeId")})
        assert status == 200 and places, "aucun lieu trouvé pour le médiateur"
        print(f"graine {args.seed}, {args.rounds} tours, {args.threads} fils d'envoi, base {db}")

        answered_all = []
        for round_number in range(1, args.rounds + 1):
            if round_number > 1:
                server.start()
            answered, other = [], []
            lock = threading.Lock()
            stop = threading.Event()

            def send(thread_number):
                i = 0
                while not stop.is_set():
                    i += 1
                    body = {"kind": "individual", "date": datetime.date.today().isoformat(),
                            "durationMinutes": rng.choice([15, 30, 45, 60, 90]), "locationKind": "place",
                            "placeId": rng.choice(places), "themes": [rng.choice(["email", "web_browsing", "health", "employment"])],
                            "devices": ["phone"], "deviceOwners": ["beneficiary"], "interventionMode": "guided"}
                    try:
                        status, text = request("POST", "/api/v1/activities", token=token, body=body,
                                               key=f"crash-{round_number}-{thread_number}-{i}")
                    except OSError:
                        # The server was killed under this request (or is gone): no answer.
                        if stop.is_set():
                            return
                        time.sleep(0.05)
                        continue
                    with lock:
                        if status == 201:
                            answered.append(json.loads(text)["id"].lower())
                        else:
                            other.append(status)

            threads = [threading.Thread(target=send, args=(n,)) for n in range(args.threads)]
            for thread in threads:
                thread.start()
            delay = rng.uniform(0.5, 3.0)
            time.sleep(delay)
            server.kill()
            stop.set()
            for thread in threads:
                thread.join()
            answered_all += answered

            # Restarted: every create answered 201 is there.
            server.start()
            stored = set(sqlite(db, "SELECT lower(id) FROM activities").split())
            lost = [i for i in answered_all if i not in stored]
            missing_api = [i for i in answered if request("GET", f"/api/v1/activities/{i}", token=token)[0] != 200]
            integrity = sqlite(db, "PRAGMA integrity_check")
            rollups = subprocess.run([tandem, "rollups", "check"], env=env, capture_output=True, text=True)
            rollups_line = (rollups.stdout.strip().splitlines() or [""])[-1] if rollups.returncode == 0 else rollups.stderr.strip()
            server.kill()
            ok = not lost and not missing_api and integrity == "ok" and rollups.returncode == 0 and not other
            print(f"tour {round_number:2d} : tué après {delay:.1f} s ; {len(answered)} créations répondues 201, "
                  f"{len(lost)} perdue(s) (sur {len(answered_all)} depuis le début), {len(missing_api)} absente(s) de l'API, "
                  f"{len(other)} autre(s) réponse(s) {sorted(set(other))} ; integrity_check {integrity} ; "
                  f"rollups : {'conformes' if rollups.returncode == 0 else 'DIFFÉRENTS'}")
            if not ok:
                failures.append(round_number)
                print(f"   {rollups_line}")
        total = len(answered_all)
        in_base = int(sqlite(db, "SELECT COUNT(*) FROM activities"))
        # Creates committed when the server was killed before it could answer: kept, unanswered
        # (the client resends them with the same Idempotency-Key and gets the same record).
        print(f"{args.rounds} arrêts brutaux (SIGKILL), {total} créations répondues 201 vérifiées, toutes présentes ; "
              f"{in_base} activités en base dont {in_base - DEMO_ACTIVITIES - total} enregistrées sans que la réponse parte ; "
              f"tours en échec : {failures or 'aucun'}")
    finally:
        server.kill()
        if not failures:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"dossier conservé pour examen : {work}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

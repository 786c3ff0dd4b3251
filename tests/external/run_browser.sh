#!/usr/bin/env bash
# Browser and accessibility checks: the built `tandem` (swift build must have run) with its demo
# data, driven by Debian's headless Chromium from pytest + selenium + axe-core. Every page of
# tests/external/pages.py at 360 and 1280 px: no axe-core violation (WCAG 2.1 A/AA), no horizontal
# scrolling; the activity form filled and sent with the keyboard alone. Screenshots go to
# tests/external/screenshots/. Assumes `apt-get update` has run. Exit code: pytest's, except that
# "no test ran" (pytest's 5) is a failure too. Arguments go to pytest (e.g. -k connexion).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DEBIAN_FRONTEND=noninteractive

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi

venv=.venv-external
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" >/dev/null 2>&1; then
    # Debian's own python3 needs python3-venv for `python3 -m venv`.
    rm -rf "$venv"
    apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    python3 -m venv "$venv"
  fi
fi
# --ignore-requires-python: axe-selenium-python 3.0.0 (the one bundling axe-core 4.10) declares
# Python >= 3.12 but is plain Python that runs on Debian 12's 3.11; its 2.1.6 bundles axe-core
# 3.1.1, which does not know the wcag21a tag. Every other pin supports 3.11.
"$venv/bin/python" -m pip install -q --disable-pip-version-check --ignore-requires-python \
  -r tests/external/requirements.txt

code=0
"$venv/bin/python" -m pytest -q -p no:cacheprovider tests/external "$@" || code=$?
if [ "$code" -eq 5 ]; then
  echo "browser checks: no test ran" >&2
  exit 1
fi
exit "$code"

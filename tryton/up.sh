#!/usr/bin/env bash
# Installs (Debian packages), initialises and starts the local Tryton 6.0 the Tryton tests and
# `npm run bench:tryton` talk to. Idempotent: about 3 s when it is already up.
# Needs root (apt-get, the postgres superuser); the first run takes 1.5-3 minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "tryton/up.sh: run as root (it installs Debian packages and creates a PostgreSQL role)" >&2
  exit 1
fi
bash "$here/setup.sh" >/dev/null

#!/usr/bin/env bash
# What the test suite needs besides Maven, installed or started here (Maven runs this before the tests):
# - PostgreSQL with the tongban role and tongban_test database (the store tests run on it and on H2);
# - python3 with `cryptography` and the openssl CLI (the independent reference tool shared/tepkit/tepkit.py);
# - Debian's chromium, node and playwright-core for the console's end-to-end test (scripts/install-browser-test-deps.sh);
# - Debian's docker-compose, whose `config -q` DockerComposeTest runs on docker/docker-compose.yml besides the schema check.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bash "$here/postgres-setup.sh"
need_apt=()
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v docker-compose >/dev/null 2>&1 || need_apt+=(docker-compose)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi
if ! python3 -c 'import cryptography' 2>/dev/null; then
  # Debian's package serves /usr/bin/python3; the tests call the first python3 on PATH
  apt-get update -qq && apt-get install -y -qq python3-cryptography
  python3 -c 'import cryptography' || { echo "python3 on PATH lacks the cryptography package" >&2; exit 1; }
fi
python3 -c 'import hashlib; hashlib.new("sm3")' || { echo "python3's OpenSSL has no SM3 (tepkit needs it)" >&2; exit 1; }
bash "$here/../scripts/install-browser-test-deps.sh"
echo "test prerequisites ready"

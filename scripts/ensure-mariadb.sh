#!/usr/bin/env bash
# Makes sure the MariaDB server binaries the tests need are installed: mariadbd and
# mariadb-install-db. The test run starts its own throwaway server from them (its own datadir,
# socket and port; tooling/mariadb-global-setup.ts, stack notes §4 option B) and stops it at the end.
# Installs them with apt when missing (root only): the core packages, which bring no system service.
# This script starts nothing and never touches an installed server's users, grants or data.
# With PROOFSHEET_TEST_MYSQL_URL set the tests use that server instead, and nothing is needed here.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

have_binaries() { command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null; }

if [ -n "${PROOFSHEET_TEST_MYSQL_URL:-}" ] || have_binaries; then exit 0; fi

if [ "$(id -u)" != 0 ]; then
  echo "ensure-mariadb: mariadbd and mariadb-install-db are not installed and this is not root; install mariadb-server-core (or set PROOFSHEET_TEST_MYSQL_URL)" >&2
  exit 1
fi
echo "ensure-mariadb: installing mariadb-server-core" >&2
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(mariadb-server-core mariadb-client-core)
APT=(apt-get -o DPkg::Lock::Timeout=600)  # waits for another apt run instead of failing
"${APT[@]}" install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null 2>&1 || { "${APT[@]}" update -q >/dev/null && "${APT[@]}" install -y -q --no-install-recommends "${PACKAGES[@]}" >/dev/null; }
have_binaries || { echo "ensure-mariadb: mariadbd or mariadb-install-db still missing after the install" >&2; exit 1; }

#!/usr/bin/env bash
# Makes sure the tests' MariaDB is there: a server answering on 127.0.0.1:3306 for root with an
# empty password (tests create and drop their own databases), plus the mariadbd and
# mariadb-install-db binaries (tests start private throwaway instances). Installs mariadb-server
# with apt when missing and starts the Debian instance without systemd (stack notes §4, option A).
# Idempotent, and a quick no-op when everything is already up.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
HOST=127.0.0.1
PORT=3306

port_open() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }
root_login() { mariadb -h"$HOST" -P"$PORT" -uroot --skip-password -e 'SELECT 1' >/dev/null 2>&1; }
have_binaries() { command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null && command -v mariadb >/dev/null; }

if have_binaries && port_open && root_login; then exit 0; fi

if ! have_binaries; then
  if [ "$(id -u)" != 0 ]; then echo "ensure-mariadb: mariadb-server is not installed and this is not root; install it first" >&2; exit 1; fi
  echo "ensure-mariadb: installing mariadb-server" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q mariadb-server >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q mariadb-server >/dev/null; }
fi

if ! port_open; then
  echo "ensure-mariadb: starting MariaDB on $HOST:$PORT" >&2
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld 2>/dev/null || true
  if [ ! -d /var/lib/mysql/mysql ]; then mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null; fi
  # Never /etc/init.d/mariadb (it falls back to killall); mysqld_safe passes the options to mariadbd.
  nohup mysqld_safe --skip-syslog --bind-address="$HOST" --port="$PORT" --skip-name-resolve >/tmp/proofsheet-mysqld_safe.out 2>&1 &
  for _ in $(seq 1 150); do port_open && break; sleep 0.2; done
  port_open || { echo "ensure-mariadb: MariaDB did not start; see /tmp/proofsheet-mysqld_safe.out and /var/log/mysql/error.log" >&2; exit 1; }
fi

if ! root_login; then
  # Debian's root@localhost uses unix_socket auth; the tests connect over TCP as root without a password.
  mariadb -uroot -e "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION; FLUSH PRIVILEGES;"
  root_login || { echo "ensure-mariadb: root cannot log in over TCP at $HOST:$PORT without a password" >&2; exit 1; }
fi

#!/usr/bin/env bash
# Installs the Debian packages whose servers the tests start as plain processes (etcd, MariaDB,
# PostgreSQL 15), when missing. See apt-install.sh.
set -euo pipefail
exec bash "$(dirname "$0")/apt-install.sh" install-servers \
  etcd=etcd-server,etcd-client \
  /usr/sbin/mariadbd=mariadb-server \
  /usr/lib/postgresql/15/bin/postgres=postgresql

# shellcheck shell=bash
# Starts throw-away PostgreSQL and MariaDB servers for the SQL store's tests,
# on spare loopback ports in a temporary directory, and exports their DSNs:
#   VATKIT_TEST_POSTGRES_DSN, VATKIT_TEST_MYSQL_DSN
# and VATKIT_TEST_REQUIRE_DATABASES=1, which makes the SQL tests fail rather
# than skip should either DSN be missing.
# Installs the Debian packages when the servers are missing. Source it; call
# stop_databases (or let the EXIT trap do it) to stop both and remove the data.

db_dir=""
pg_bin=""
maria_pid=""

log() { printf '== %s\n' "$*"; }

# spare_port prints the first port from $1 up that nothing listens on.
spare_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=""
install_packages() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

find_pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
}

start_postgres() {
  pg_bin=$(find_pg_bin)
  if [ -z "$pg_bin" ]; then
    log "installing PostgreSQL"
    install_packages postgresql
    pg_bin=$(find_pg_bin)
  fi
  local port dir user=postgres
  port=$(spare_port 55432)
  dir="$db_dir/pg"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown -R "$user" "$dir"
    run_pg() { runuser -u "$user" -- "$@"; }
  else
    user=$(id -un)
    run_pg() { "$@"; }
  fi
  run_pg "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
  run_pg "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  run_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres vatkit
  export VATKIT_TEST_POSTGRES_DSN="postgres://postgres@127.0.0.1:$port/vatkit?sslmode=disable"
  log "PostgreSQL on 127.0.0.1:$port"
}

start_mariadb() {
  if ! command -v mariadbd >/dev/null || ! command -v mariadb-install-db >/dev/null; then
    log "installing MariaDB"
    install_packages mariadb-server
  fi
  local port dir
  port=$(spare_port 53306)
  dir="$db_dir/maria"
  mkdir -p "$dir"
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1
  mariadbd --no-defaults --datadir="$dir/data" --user="$(id -un)" --port="$port" \
    --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --skip-log-bin --innodb-flush-log-at-trx-commit=0 >"$dir/server.log" 2>&1 &
  maria_pid=$!
  local i
  for i in $(seq 1 100); do
    mariadb --no-defaults -S "$dir/mysqld.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb --no-defaults -S "$dir/mysqld.sock" -uroot -e \
    "CREATE DATABASE vatkit; CREATE USER 'vatkit'@'127.0.0.1'; GRANT ALL ON *.* TO 'vatkit'@'127.0.0.1';"
  export VATKIT_TEST_MYSQL_DSN="vatkit@tcp(127.0.0.1:$port)/vatkit"
  log "MariaDB on 127.0.0.1:$port"
}

stop_databases() {
  if [ -n "$pg_bin" ] && [ -d "$db_dir/pg/data" ]; then
    if [ "$(id -u)" = 0 ]; then
      runuser -u postgres -- "$pg_bin/pg_ctl" -D "$db_dir/pg/data" -m fast stop >/dev/null 2>&1 || true
    else
      "$pg_bin/pg_ctl" -D "$db_dir/pg/data" -m fast stop >/dev/null 2>&1 || true
    fi
  fi
  if [ -n "$maria_pid" ]; then
    kill "$maria_pid" 2>/dev/null || true
    wait "$maria_pid" 2>/dev/null || true
  fi
  [ -n "$db_dir" ] && rm -rf "$db_dir"
  pg_bin="" maria_pid="" db_dir=""
}

start_databases() {
  db_dir=$(mktemp -d /tmp/vatkit-ci-db.XXXXXX)
  chmod 755 "$db_dir"
  trap stop_databases EXIT
  start_postgres
  start_mariadb
  # Both servers run: a SQL test that finds no DSN now fails instead of
  # skipping (internal/dbtest), so CI cannot pass with them skipped.
  export VATKIT_TEST_REQUIRE_DATABASES=1
}

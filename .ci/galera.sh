# shellcheck shell=bash
# Starts a throw-away three-node MariaDB Galera cluster for the scale-out
# tests, on spare loopback ports in a temporary directory, and exports
#   VATKIT_TEST_GALERA_DSNS  one DSN per node, comma-separated, node 1 first
#   VATKIT_TEST_GALERA_DIR   the cluster's directory: node<N>/start starts
#                            node N again (in the foreground) and
#                            node<N>/mysqld.pid holds its process id, for
#                            the tests that kill a node and bring it back.
# Installs the Debian packages (mariadb-server, galera-4, rsync for state
# transfers, haproxy for the load test) when missing. Source it after
# databases.sh (it uses its helpers) and call start_galera; stop_galera, or
# the EXIT trap it adds before the one already set, stops every node and
# removes the data. start_galera fails, naming the node and showing its log,
# when the cluster does not form: CI must not pass with these tests skipped.

galera_dir=""
galera_provider=/usr/lib/galera/libgalera_smm.so
# The nodes run as mysql when started by root: the rsync daemon of a state
# transfer, which the joiner starts as its own user, would otherwise run as
# nobody (rsync's default for root) and could not write the data folder.
galera_user=""

# galera_sql runs SQL on node $1 through its socket.
galera_sql() {
  mariadb --no-defaults -S "$galera_dir/node$1/mysqld.sock" -uroot -N -B -e "$2"
}

# galera_wait_synced waits up to $3 seconds for node $1, process $2, to
# join the primary component and reach the Synced state.
galera_wait_synced() {
  local n=$1 pid=$2 limit=$3 i state
  for i in $(seq 1 $((limit * 5))); do
    state=$(galera_sql "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)
    [ "$state" = Synced ] && return 0
    kill -0 "$pid" 2>/dev/null || { state="${state:-none}, the server exited"; break; }
    sleep 0.2
  done
  echo "Galera node $n did not reach Synced within ${limit}s (state: ${state:-none}); its log:" >&2
  tail -n 40 "$galera_dir/node$n/server.log" >&2
  return 1
}

# galera_write_node writes node $1's start script, for the ports of the
# three nodes given as "sql gcomm ist sst" lines in $galera_dir/ports.
galera_write_node() {
  local n=$1 d="$galera_dir/node$1" sql gcomm ist sst peers="" p
  read -r sql gcomm ist sst < <(sed -n "${n}p" "$galera_dir/ports")
  while read -r _ p _ _; do peers="${peers:+$peers,}127.0.0.1:$p"; done <"$galera_dir/ports"
  mkdir -p "$d/data"
  # The first start of node 1 bootstraps a new cluster (an empty
  # gcomm://); every other start, node 1's too after a kill, joins the
  # peers. Small InnoDB files keep the rsync state transfers quick.
  cat >"$d/start" <<EOF
#!/usr/bin/env bash
cluster="gcomm://$peers"
extra=()
if [ "\${1:-}" = bootstrap ]; then cluster="gcomm://"; extra=(--wsrep-new-cluster); fi
exec mariadbd --no-defaults --datadir="$d/data" --user=$galera_user --port=$sql \\
  --bind-address=127.0.0.1 --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" \\
  --skip-log-bin --binlog-format=ROW --innodb-autoinc-lock-mode=2 \\
  --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=64M --innodb-log-file-size=16M \\
  --wsrep-on=ON --wsrep-provider=$galera_provider --wsrep-cluster-name=vatkit-ci \\
  --wsrep-cluster-address="\$cluster" --wsrep-node-name=node$n --wsrep-node-address=127.0.0.1:$gcomm \\
  --wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gcomm;ist.recv_addr=127.0.0.1:$ist;gcache.size=64M;pc.wait_prim_timeout=PT30S" \\
  --wsrep-sst-method=rsync --wsrep-sst-receive-address=127.0.0.1:$sst \\
  "\${extra[@]}" >>"$d/server.log" 2>&1
EOF
  chmod +x "$d/start"
}

# galera_start_node starts node $1 in the background ($2: "bootstrap" for
# the first node) and waits for it to be Synced.
galera_start_node() {
  "$galera_dir/node$1/start" ${2:+"$2"} </dev/null >/dev/null 2>&1 &
  local pid=$!
  # Not this shell's job any more: a test kills nodes, and the shell would
  # report each as "Killed" in the middle of the test output.
  disown "$pid"
  galera_wait_synced "$1" "$pid" 90
}

start_galera() {
  if ! command -v mariadbd >/dev/null || [ ! -e "$galera_provider" ] || ! command -v rsync >/dev/null ||
    ! command -v haproxy >/dev/null; then
    log "installing MariaDB, Galera, rsync and haproxy"
    install_packages mariadb-server galera-4 rsync haproxy
  fi
  galera_dir=$(mktemp -d /tmp/vatkit-ci-galera.XXXXXX)
  chmod 755 "$galera_dir"
  # Stop the cluster first at exit, then whatever the trap did before.
  local prev
  prev=$(trap -p EXIT)
  prev=${prev#trap -- \'}
  prev=${prev%\' EXIT}
  # shellcheck disable=SC2064 # expanded now, on purpose
  trap "stop_galera${prev:+; $prev}" EXIT
  # Below the kernel's ephemeral range (32768 and up by default): a node
  # listens on its state-transfer ports only while it joins, and a client
  # socket of some test must not hold one of them then.
  local n p=24306 port ports=()
  for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
    port=$(spare_port "$p")
    ports+=("$port")
    p=$((port + 1))
  done
  for n in 0 1 2; do
    echo "${ports[@]:$((n * 4)):4}" >>"$galera_dir/ports"
  done
  galera_user=$(id -un)
  [ "$galera_user" = root ] && galera_user=mysql
  for n in 1 2 3; do galera_write_node "$n"; done
  chown -R "$galera_user" "$galera_dir"
  local started=$SECONDS
  mariadb-install-db --no-defaults --datadir="$galera_dir/node1/data" --user="$galera_user" \
    --auth-root-authentication-method=normal --skip-test-db >"$galera_dir/node1/install.log" 2>&1 ||
    { cat "$galera_dir/node1/install.log" >&2; return 1; }
  galera_start_node 1 bootstrap || return 1
  galera_sql 1 "CREATE DATABASE vatkit; CREATE USER 'vatkit'@'127.0.0.1'; GRANT ALL ON *.* TO 'vatkit'@'127.0.0.1';" ||
    return 1
  # One joiner at a time: each takes a full state transfer from a donor.
  galera_start_node 2 || return 1
  galera_start_node 3 || return 1
  local size dsns="" sql
  size=$(galera_sql 1 "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)
  if [ "$size" != 3 ]; then
    echo "Galera cluster has $size nodes, want 3" >&2
    return 1
  fi
  while read -r sql _; do dsns="${dsns:+$dsns,}vatkit@tcp(127.0.0.1:$sql)/vatkit"; done <"$galera_dir/ports"
  export VATKIT_TEST_GALERA_DSNS="$dsns"
  export VATKIT_TEST_GALERA_DIR="$galera_dir"
  log "Galera cluster of 3 nodes on 127.0.0.1 ports $(cut -d' ' -f1 "$galera_dir/ports" | tr '\n' ' ')(up in $((SECONDS - started))s)"
}

stop_galera() {
  [ -n "$galera_dir" ] || return 0
  local n pid pids=()
  for n in 1 2 3; do
    pid=$(cat "$galera_dir/node$n/mysqld.pid" 2>/dev/null) || continue
    kill "$pid" 2>/dev/null && pids+=("$pid")
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$galera_dir"
  galera_dir=""
}

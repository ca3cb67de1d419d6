#!/usr/bin/env bash
# Runs Surewire as a cluster of WildFly nodes on this machine (surewire-cluster.xml of configure.sh):
# loopback only, one port offset per node, one PostgreSQL database for all, WildFly's own Artemis
# clustered so that a message sent to a JMS topic on one node reaches its subscribers on every node.
#
#   cluster.sh start <jboss.home> <war> <nodes> <postgresql-jdbc-url>
#   cluster.sh stop <jboss.home>
#   cluster.sh kill <jboss.home> <n>      kill -9 of node n (a crash, for failover tests)
#   cluster.sh status <jboss.home>
#
# Node n (1-based) runs from <jboss.home>/cluster/node-<n> (its own configuration, data, log and
# deployments: its own Artemis journal and transaction object store), as surewire-<n>, with the port
# offset SUREWIRE_CLUSTER_BASE_OFFSET (default 0) + (n-1)*100: HTTP on 8080 + offset, management on
# 9990 + offset, JGroups on 7600 + offset. start starts the nodes that are not running, then waits at
# most SUREWIRE_CLUSTER_TIMEOUT seconds (default 180) for /api/health to answer 200 on every node. A
# node's data directory is kept between runs (a restarted node recovers its prepared transactions and
# its journal's messages); `rm -rf <jboss.home>/cluster` after stop starts afresh.
# Security is off unless SUREWIRE_SECURITY_ENABLED=true (as in run.sh); every node started gets the
# console account `operator` with one password (SUREWIRE_OPERATOR_PASSWORD, or one printed); the heap
# is 1 GB per node unless JBOSS_JAVA_SIZING says otherwise; SUREWIRE_CLUSTER_PASSWORD, when set, is
# Artemis's cluster password on every node (configure-cluster.cli).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

usage() {
    sed -n '6,9p' "$0" | sed 's/^# */usage: /' >&2
    exit 2
}

# The live pid of node directory $1, or nothing: the pid file's process, if it is the node's java.
node_pid() {
    local pid
    pid=$(cat "$1/wildfly.pid" 2>/dev/null) || return 0
    if [[ "$pid" =~ ^[0-9]+$ ]] && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null \
            | grep -qF -- "-Djboss.server.base.dir=$1 "; then
        echo "$pid"
    fi
}

node_offset() {
    echo $(( base_offset + ($1 - 1) * 100 ))
}

health() {
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$(( 8080 + $1 ))/api/health" || true
}

start() {
    [[ $# -eq 4 ]] || usage
    local home war nodes url
    home=$(cd "$1" && pwd -P)
    war=$2
    nodes=$3
    url=${SUREWIRE_DB_URL:-$4}
    [[ "$nodes" =~ ^[1-9]$ ]] || { echo "nodes must be 1 to 9, not '$nodes'" >&2; exit 2; }
    [[ -f "$war" ]] || { echo "no WAR at $war" >&2; exit 2; }
    local configuration="$home/standalone/configuration"
    [[ -f "$configuration/surewire-cluster.xml" ]] || {
        echo "$configuration/surewire-cluster.xml is missing: run wildfly-config/configure.sh first" >&2; exit 2; }

    # The nodes to start, and the ports they need: all free, or nothing starts.
    local n offset dir port pending=() hosts=()
    for (( n = 1; n <= nodes; n++ )); do
        offset=$(node_offset "$n")
        hosts+=("127.0.0.1[$(( 7600 + offset ))]")
        dir="$home/cluster/node-$n"
        if [[ -n "$(node_pid "$dir")" ]]; then
            if [[ "$(cat "$dir/port-offset" 2>/dev/null)" != "$offset" ]]; then
                echo "node $n runs with port offset $(cat "$dir/port-offset" 2>/dev/null), not $offset: cluster.sh stop first" >&2
                exit 1
            fi
            echo "node $n is already running (pid $(node_pid "$dir"))"
            continue
        fi
        for port in $(( 8080 + offset )) $(( 9990 + offset )) $(( 7600 + offset )); do
            if ss -Hltn "sport = :$port" | grep -q .; then
                echo "port $port of node $n (offset $offset) is in use; SUREWIRE_CLUSTER_BASE_OFFSET moves every node" >&2
                exit 1
            fi
        done
        pending+=("$n")
    done
    # TCPPING's initial hosts: every node of the cluster, this one included (configure-cluster.cli).
    local cluster_hosts
    cluster_hosts=$(IFS=,; echo "${hosts[*]}")

    # The database, as run.sh makes it.
    local name jar
    name=${url##*/}
    name=${name%%\?*}
    jar="$(dirname "$war")/module-jars/postgresql.jar"
    [[ -f "$jar" ]] || jar="$home/modules/org/postgresql/main/postgresql.jar"
    timeout 60 java -cp "$jar" "$here/PostgresDatabase.java" ensure "${url%/*}/postgres" "$name"

    # Security (PROTOCOL §7): off unless SUREWIRE_SECURITY_ENABLED=true, as in run.sh.
    export SUREWIRE_SECURITY_ENABLED="${SUREWIRE_SECURITY_ENABLED:-false}"
    if [ "$SUREWIRE_SECURITY_ENABLED" = "true" ] && [ "${#SUREWIRE_SECURITY_JWT_SECRET}" -lt 32 ]; then
        echo "SUREWIRE_SECURITY_ENABLED=true needs SUREWIRE_SECURITY_JWT_SECRET: at least 32 bytes, e.g." >&2
        echo "  export SUREWIRE_SECURITY_JWT_SECRET=\$(head -c 32 /dev/urandom | base64)" >&2
        exit 2
    fi
    if [[ ${#pending[@]} -eq 0 ]]; then
        echo "every node is running"
    fi

    # The console's account: `operator`, one password for the nodes started now (SUREWIRE_OPERATOR_PASSWORD,
    # or one made for this run), written over the accounts of the server's own files.
    local operator_password operator_origin
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    operator_password=${SUREWIRE_OPERATOR_PASSWORD:-}
    if [ -z "$operator_password" ]; then
        operator_password="sw-$(head -c 15 /dev/urandom | base64 | tr -d '/+=')"
        operator_origin="made for this run; SUREWIRE_OPERATOR_PASSWORD chooses one"
    else
        operator_origin="from SUREWIRE_OPERATOR_PASSWORD"
    fi
    if [[ ${#pending[@]} -gt 0 ]]; then
        for file in surewire-operators.properties surewire-operator-roles.properties; do
            [[ ! -f "$configuration/$file" ]] || cp "$configuration/$file" "$work/$file"
        done
        "$here/operator.sh" "$home" "$work/surewire-operators.properties" \
            "$work/surewire-operator-roles.properties" operator "$operator_password" > /dev/null
    fi

    # The heap: 2-3 nodes share the machine (and PostgreSQL); JBOSS_JAVA_SIZING replaces it.
    export JBOSS_JAVA_SIZING="${JBOSS_JAVA_SIZING:--Xms256m -Xmx1g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m}"
    export LAUNCH_JBOSS_IN_BACKGROUND=true

    local started_at=()
    for n in "${pending[@]}"; do
        offset=$(node_offset "$n")
        dir="$home/cluster/node-$n"
        # A fresh copy of the configuration (configure.sh may have run since); data and log are kept.
        rm -rf "$dir/configuration" "$dir/deployments"
        mkdir -p "$dir/data" "$dir/log" "$dir/deployments"
        cp -r "$configuration" "$dir/configuration"
        rm -rf "$dir/configuration/standalone_xml_history"
        cp "$work"/surewire-operator*.properties "$dir/configuration/"
        cp "$war" "$dir/deployments/surewire.war"
        echo "$offset" > "$dir/port-offset"
        rm -f "$dir/wildfly.pid"
        # standalone.sh runs java in the background and writes its pid to JBOSS_PIDFILE; setsid keeps the
        # node out of this shell's process group (a Ctrl-C here does not reach it).
        (
            cd "$dir"
            JBOSS_PIDFILE="$dir/wildfly.pid" exec setsid "$home/bin/standalone.sh" \
                -Djboss.server.base.dir="$dir" -c surewire-cluster.xml --stability=community \
                -b 127.0.0.1 -bmanagement 127.0.0.1 \
                -Djboss.bind.address.private=127.0.0.1 -Djboss.bind.address.unsecure=127.0.0.1 \
                -Djboss.socket.binding.port-offset="$offset" \
                -Djboss.node.name="surewire-$n" -Dsurewire.node="surewire-$n" \
                -Dsurewire.cluster.enabled=true -Dsurewire.cluster.hosts="$cluster_hosts" \
                -Dsurewire.db.url="$url" \
                > "$dir/log/console.log" 2>&1 < /dev/null
        ) &
        started_at[$n]=$SECONDS
        echo "node $n starting: surewire-$n, port offset $offset, base dir $dir"
    done

    # Every node's health, within the bound; a node whose java is gone fails at once.
    local limit=${SUREWIRE_CLUSTER_TIMEOUT:-180} deadline waiting failed=()
    deadline=$(( SECONDS + limit ))
    waiting=("${pending[@]}")
    sleep 2
    while [[ ${#waiting[@]} -gt 0 ]]; do
        local still=()
        for n in "${waiting[@]}"; do
            offset=$(node_offset "$n")
            dir="$home/cluster/node-$n"
            if [[ "$(health "$offset")" == "200" ]]; then
                echo "node $n up after $(( SECONDS - ${started_at[$n]} )) s: http://127.0.0.1:$(( 8080 + offset ))/ (management 127.0.0.1:$(( 9990 + offset )), pid $(node_pid "$dir"))"
            elif [[ -z "$(node_pid "$dir")" && $(( SECONDS - ${started_at[$n]} )) -gt 15 ]]; then
                echo "node $n stopped while starting" >&2
                failed+=("$n")
            else
                still+=("$n")
            fi
        done
        waiting=("${still[@]+"${still[@]}"}")
        if [[ ${#waiting[@]} -gt 0 && $SECONDS -ge $deadline ]]; then
            echo "not healthy within $limit s: node(s) ${waiting[*]}" >&2
            failed+=("${waiting[@]}")
            break
        fi
        [[ ${#waiting[@]} -eq 0 ]] || sleep 2
    done
    if [[ ${#failed[@]} -gt 0 ]]; then
        for n in "${failed[@]}"; do
            echo "---- tail of $home/cluster/node-$n/log/server.log" >&2
            tail -n 40 "$home/cluster/node-$n/log/server.log" >&2 || true
        done
        echo "the nodes are left as they are; cluster.sh stop $home stops them" >&2
        exit 1
    fi

    for (( n = 1; n <= nodes; n++ )); do
        echo "surewire-$n: http://127.0.0.1:$(( 8080 + $(node_offset "$n") ))/"
    done
    echo "security: $([ "$SUREWIRE_SECURITY_ENABLED" = "true" ] && echo on || echo OFF)"
    if [[ ${#pending[@]} -gt 0 ]]; then
        echo "Operator console on each node started now: /console/  user operator, password $operator_password ($operator_origin)"
    fi
}

stop() {
    [[ $# -eq 1 ]] || usage
    local home dir pid live=() limit=${SUREWIRE_CLUSTER_STOP_TIMEOUT:-60} deadline
    home=$(cd "$1" && pwd -P)
    for dir in "$home"/cluster/node-*; do
        [[ -d "$dir" ]] || continue
        pid=$(node_pid "$dir")
        if [[ -n "$pid" ]]; then
            echo "stopping ${dir##*/} (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            live+=("$dir")
        fi
    done
    deadline=$(( SECONDS + limit ))
    for dir in "${live[@]+"${live[@]}"}"; do
        while [[ -n "$(node_pid "$dir")" && $SECONDS -lt $deadline ]]; do
            sleep 1
        done
        pid=$(node_pid "$dir")
        if [[ -n "$pid" ]]; then
            echo "${dir##*/} still running after $limit s: kill -9 $pid" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    rm -f "$home"/cluster/node-*/wildfly.pid
    echo "stopped ${#live[@]} node(s)"
}

kill_node() {
    [[ $# -eq 2 && "$2" =~ ^[1-9]$ ]] || usage
    local home dir pid i
    home=$(cd "$1" && pwd -P)
    dir="$home/cluster/node-$2"
    pid=$(node_pid "$dir")
    if [[ -z "$pid" ]]; then
        echo "node $2 is not running" >&2
        exit 1
    fi
    kill -KILL "$pid"
    for (( i = 0; i < 50; i++ )); do
        [[ -d /proc/$pid ]] || break
        sleep 0.2
    done
    rm -f "$dir/wildfly.pid"
    echo "killed node $2 (pid $pid) with SIGKILL"
}

status() {
    [[ $# -eq 1 ]] || usage
    local home dir pid offset
    home=$(cd "$1" && pwd -P)
    for dir in "$home"/cluster/node-*; do
        [[ -d "$dir" ]] || continue
        pid=$(node_pid "$dir")
        offset=$(cat "$dir/port-offset" 2>/dev/null || echo 0)
        if [[ -n "$pid" ]]; then
            echo "${dir##*/}: pid $pid, http://127.0.0.1:$(( 8080 + offset ))/ health $(health "$offset")"
        else
            echo "${dir##*/}: not running"
        fi
    done
}

base_offset=${SUREWIRE_CLUSTER_BASE_OFFSET:-0}
[[ "$base_offset" =~ ^[0-9]+$ ]] || { echo "SUREWIRE_CLUSTER_BASE_OFFSET must be a number" >&2; exit 2; }
command=${1:-}
[[ $# -gt 0 ]] && shift
case "$command" in
    start) start "$@" ;;
    stop) stop "$@" ;;
    kill) kill_node "$@" ;;
    status) status "$@" ;;
    *) usage ;;
esac

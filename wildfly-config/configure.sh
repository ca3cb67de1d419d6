#!/usr/bin/env bash
# Applies the jboss-cli scripts beside this file to an unpacked WildFly, offline.
#
#   configure.sh <jboss.home> <module-jars-dir>
#
# Produces three server configurations next to standalone-full.xml:
#   surewire-h2.xml          the embedded default (H2 on disk under standalone/data)
#   surewire-postgresql.xml  PostgreSQL over XA (URL from -Dsurewire.db.url or SUREWIRE_DB_URL)
#   surewire-cluster.xml     a node of a cluster on one machine (cluster.sh): surewire-postgresql.xml's
#                            scripts over standalone-full-ha.xml, then configure-cluster.cli
# The configurations use a feature of WildFly's "community" stability level (the Prometheus registry of
# configure-metrics.cli): start the server with --stability=community.
# It runs again only when a script here changed; the server's data directory is never touched.
set -euo pipefail

home=$1
jars=$2
here=$(cd "$(dirname "$0")" && pwd)
cli="$home/bin/jboss-cli.sh"
marker="$home/.surewire-configuration"
stamp=$(cat "$here"/*.cli "$here"/configure.sh | sha256sum | cut -c1-32)

if [[ -f "$marker" && "$(cat "$marker")" == "$stamp" ]]; then
    echo "WildFly at $home is already configured for Surewire"
    exit 0
fi

configuration="$home/standalone/configuration"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The modules: removed first, so that a changed script starts from WildFly's own state.
rm -rf "$home/modules/org/eclipse/persistence" "$home/modules/org/postgresql"
jipijapa=$(ls "$home"/modules/system/layers/base/org/eclipse/persistence/main/jipijapa-eclipselink-*.jar)
cat > "$work/cli.properties" <<PROPS
surewire.module-jars=$jars
surewire.jipijapa-jar=$jipijapa
PROPS
"$cli" --properties="$work/cli.properties" --file="$here/configure-modules.cli"

# The console's accounts (configure-server.cli): empty files, so that the realm starts before anyone
# ran wildfly-config/operator.sh; existing accounts are kept.
for file in surewire-operators.properties surewire-operator-roles.properties; do
    if [[ ! -f "$configuration/$file" ]]; then
        printf '#\n#$REALM_NAME=SurewireOperators$\n#\n' > "$configuration/$file"
    fi
done

# One server configuration per database, each made from a pristine copy of standalone-full.xml; the
# cluster node's from one of standalone-full-ha.xml (clustering: JGroups, Infinispan, Artemis's
# cluster connection), with the same scripts as PostgreSQL's and then its own.
configure() {
    local target=$1 source=$2 script
    shift 2
    cp "$configuration/$source" "$configuration/$target"
    {
        echo "embed-server --std-out=discard --server-config=$target --stability=community"
        for script in "$@"; do
            cat "$here/$script"
        done
        echo "stop-embedded-server"
    } > "$work/$target.cli"
    "$cli" --file="$work/$target.cli"
    echo "Configured $configuration/$target"
}
for db in h2 postgresql; do
    configure "surewire-$db.xml" standalone-full.xml \
        configure-metrics.cli configure-server.cli "configure-datasource-$db.cli" configure-jobs.cli
done
configure surewire-cluster.xml standalone-full-ha.xml \
    configure-metrics.cli configure-server.cli configure-datasource-postgresql.cli configure-jobs.cli \
    configure-cluster.cli

echo "$stamp" > "$marker"

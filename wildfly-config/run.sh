#!/usr/bin/env bash
# Starts the configured WildFly in the foreground with the Surewire WAR deployed at /.
#
#   run.sh <jboss.home> <war> <h2|postgresql> <postgresql-jdbc-url>
#
# With h2 the data stays in <jboss.home>/standalone/data/surewire between runs. With postgresql the
# database named in the URL is created when it is missing. Ctrl-C stops the server.
set -euo pipefail

home=$1
war=$2
db=$3
url=${SUREWIRE_DB_URL:-$4}
here=$(cd "$(dirname "$0")" && pwd)

case "$db" in
    h2) ;;
    postgresql)
        name=${url##*/}
        name=${name%%\?*}
        java -cp "$(dirname "$war")/module-jars/postgresql.jar" "$here/PostgresDatabase.java" \
            ensure "${url%/*}/postgres" "$name"
        ;;
    *) echo "surewire.db must be h2 or postgresql, not '$db'" >&2; exit 2 ;;
esac

# Security (PROTOCOL §7) is off in this demo run unless SUREWIRE_SECURITY_ENABLED=true is in the
# environment; the server then logs a warning at startup. With it on, a secret is required.
export SUREWIRE_SECURITY_ENABLED="${SUREWIRE_SECURITY_ENABLED:-false}"
if [ "$SUREWIRE_SECURITY_ENABLED" = "true" ] && [ "${#SUREWIRE_SECURITY_JWT_SECRET}" -lt 32 ]; then
    echo "SUREWIRE_SECURITY_ENABLED=true needs SUREWIRE_SECURITY_JWT_SECRET: at least 32 bytes, e.g." >&2
    echo "  export SUREWIRE_SECURITY_JWT_SECRET=\$(head -c 32 /dev/urandom | base64)" >&2
    exit 2
fi

# The console's account (PROTOCOL §7): `operator`, with SUREWIRE_OPERATOR_PASSWORD, or with a password
# made for this run and printed below. Set anew on every run, so the printed one is always the valid one.
configuration="$home/standalone/configuration"
operator_password=${SUREWIRE_OPERATOR_PASSWORD:-}
if [ -z "$operator_password" ]; then
    operator_password="sw-$(head -c 15 /dev/urandom | base64 | tr -d '/+=')"
    operator_origin="made for this run; SUREWIRE_OPERATOR_PASSWORD chooses one"
else
    operator_origin="from SUREWIRE_OPERATOR_PASSWORD"
fi
"$here/operator.sh" "$home" "$configuration/surewire-operators.properties" \
    "$configuration/surewire-operator-roles.properties" operator "$operator_password"

# The heap: about 12 KB per idle connection and room for load and replays; 2 GB holds 50,000
# connections. JBOSS_JAVA_SIZING in the environment replaces it.
export JBOSS_JAVA_SIZING="${JBOSS_JAVA_SIZING:--Xms512m -Xmx2g -XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m}"

rm -f "$home"/standalone/deployments/surewire.war.*
cp "$war" "$home/standalone/deployments/surewire.war"
echo "Starting WildFly with Surewire on http://localhost:8080 (database: $db, security: $([ "$SUREWIRE_SECURITY_ENABLED" = "true" ] && echo on || echo OFF)). Ctrl-C stops it."
echo "Operator console: http://localhost:8080/console/  user operator, password $operator_password ($operator_origin)"
exec "$home/bin/standalone.sh" -c "surewire-$db.xml" --stability=community -Dsurewire.db.url="$url"

#!/usr/bin/env bash
# Prints a signed token (PROTOCOL §7) for operators, scripts and tests:
#
#   SUREWIRE_SECURITY_JWT_SECRET=... wildfly-config/token.sh --sub <client_id> \
#       [--role frontend|admin|test|operator] [--topics 'a/#,b/+'] [--publish 'a/x'] [--ttl PT1H]
#
# The token alone goes to standard output: TOKEN=$(wildfly-config/token.sh --sub ops --role operator).
# It runs the classes of the built WAR (mvn package).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
app="$here/../target/surewire/WEB-INF"
if [ ! -d "$app/classes" ]; then
    echo "token.sh: build first (mvn package): $app is missing" >&2
    exit 2
fi
exec java -cp "$app/classes:$app/lib/*" io.surewire.security.control.TokenCommand "$@"

#!/usr/bin/env bash
# Creates a console account (PROTOCOL §7), or sets its password and groups when it exists: a user of
# the properties realm SurewireOperators (configure-server.cli), by WildFly's add-user.sh.
#
#   operator.sh <jboss.home> <users-file> <roles-file> <user> <password> [groups, default: operator]
#
# The files are created when missing. The server reads them when it starts.
set -euo pipefail

home=$1
users=$2
roles=$3
user=$4
password=$5
groups=${6:-operator}

mkdir -p "$(dirname "$users")" "$(dirname "$roles")"
for file in "$users" "$roles"; do
    if [[ ! -f "$file" ]]; then
        printf '#\n#$REALM_NAME=SurewireOperators$\n#\n' > "$file"
    fi
done
"$home/bin/add-user.sh" -s -up "$users" -gp "$roles" -r SurewireOperators -u "$user" -p "$password" -g "$groups"

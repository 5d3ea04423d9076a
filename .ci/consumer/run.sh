#!/usr/bin/env bash
# The consumer project: builds it against the quarentena-spark in the local repository (the
# enforcer's dependencyConvergence and bannedDependencies run in validate), then writes the
# quarantine table of a few entries at a fresh local path and checks what it holds.
# Needs quarentena-core and quarentena-spark installed first:
#   ./mvnw -B -ntp -q -DskipTests -pl quarentena-spark -am install
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/.ci/consumer"
table="$(mktemp -d)/quarentena_global"
trap 'rm -rf "$(dirname "$table")"' EXIT
# The repository's wrapper builds the standalone project (-f), with the caller's options.
"$root/mvnw" -B -ntp "$@" -f "$here/pom.xml" -Dtable.path="$table" package exec:exec

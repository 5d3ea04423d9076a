#!/usr/bin/env bash
# Every published jar names its module (Automatic-Module-Name, set once in the parent POM from each
# module's automatic.module.name): reads the manifests of the jars a build left in target/.
# Run after a build that packaged the modules (./mvnw verify or package).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A EXPECTED=(
  [quarentena-core]=io.quarentena
  [quarentena-connectors]=io.quarentena.connectors
  [quarentena-spark]=io.quarentena.spark
  [quarentena-job]=io.quarentena.job
  [quarentena-serving]=io.quarentena.serving
  [quarentena-kafka]=io.quarentena.kafka
)
failed=0
for module in "${!EXPECTED[@]}"; do
  jars=()
  for jar in "$module"/target/"$module"-*.jar; do
    case "$jar" in
      *-tests.jar | *-sources.jar | *-javadoc.jar | *-test-sources.jar) ;;
      *) [ -f "$jar" ] && jars+=("$jar") ;;
    esac
  done
  if [ "${#jars[@]}" -eq 0 ]; then
    echo "$module: no jar in $module/target (build it first)"; failed=1; continue
  fi
  for jar in "${jars[@]}"; do
    # The JDK's own reading of the jar: the manifest's name, or one derived from the file name.
    name=$(jar --describe-module --file "$jar" | sed -n 's/^\([^ @]*\)@.* automatic$/\1/p')
    if [ "$name" != "${EXPECTED[$module]}" ]; then
      echo "$jar: Automatic-Module-Name is '${name}', expected '${EXPECTED[$module]}'"; failed=1
    else
      echo "$jar: $name"
    fi
  done
done
exit "$failed"

#!/usr/bin/env bash
# The benchmark commands (README.md, "Benchmarks"): builds what they need, then runs one.
# The first argument picks the benchmark, validation (the default) or lake; options are Maven properties, e.g.:
#   nifi-dataops-benchmarks/run.sh -Dbench.records=200000 -Dbench.mode=throughput
#   nifi-dataops-benchmarks/run.sh lake -Dbench.lake.mode=throughput
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=validation
if [[ $# -gt 0 && "$1" != -* ]]; then
    benchmark="$1"
    shift
fi
case "$benchmark" in
    validation|lake) ;;
    *) echo "Unknown benchmark '$benchmark': use validation or lake" >&2; exit 2 ;;
esac
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -q -pl nifi-dataops-benchmarks -am install -DskipTests
mvn -B -q -pl nifi-dataops-benchmarks "exec:exec@$benchmark" "$@"

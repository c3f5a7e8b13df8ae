#!/usr/bin/env bash
# The benchmark command (README.md, "Benchmarks"): builds what it needs, then runs it.
# Options are Maven properties, e.g.: nifi-dataops-benchmarks/run.sh -Dbench.records=200000 -Dbench.mode=throughput
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
mvn -B -q -pl nifi-dataops-benchmarks -am install -DskipTests
mvn -B -q -pl nifi-dataops-benchmarks exec:exec@validation "$@"

#!/usr/bin/env bash
# The benchmark commands (README.md, "Benchmarks"): builds what they need, then runs one.
# The first argument picks the benchmark, validation (the default), lake, fhir or flow; options are Maven properties, e.g.:
#   nifi-dataops-benchmarks/run.sh -Dbench.records=200000 -Dbench.mode=throughput
#   nifi-dataops-benchmarks/run.sh lake -Dbench.lake.mode=throughput
# except for flow, whose options go to FlowBenchmark (the real NiFi, one node and a two-node cluster), e.g.:
#   nifi-dataops-benchmarks/run.sh flow --records=100000 --scales=1,10 --topologies=single,cluster --flows=healthcare,reference
set -euo pipefail
cd "$(dirname "$0")/.."
benchmark=validation
if [[ $# -gt 0 && "$1" != -* ]]; then
    benchmark="$1"
    shift
fi
case "$benchmark" in
    validation|lake|flow|fhir) ;;
    *) echo "Unknown benchmark '$benchmark': use validation, lake, fhir or flow" >&2; exit 2 ;;
esac
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ "$benchmark" == flow ]]; then
    # The NARs and the assembled NiFi 2.3.0 (tests compiled, not run), then FlowBenchmark on the system tests' class path.
    # One reactor build: the project's own modules (nifi-dataops-flows among them) come from their target/, not from
    # whatever ~/.m2 holds. FlowBenchmark and its flows (ReferenceFlow, ParquetRecordsFlow) are in test-classes.
    module=nifi-dataops-system-tests/target
    mvn -B -q -pl nifi-dataops-system-tests -am package -Dmaven.test.skip.exec=true dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$module/flow-benchmark.classpath"
    exec "$JAVA_HOME/bin/java" -Xmx4g -Dnifi.home="$module/nifi-2.3.0" -Dnifi.java.home="$JAVA_HOME" \
        -cp "$module/test-classes:$module/classes:$(cat "$module/flow-benchmark.classpath")" \
        io.nifidataops.systemtest.FlowBenchmark --project="$PWD" --work-dir="$module/flow-benchmark" "$@"
fi
mvn -B -q -pl nifi-dataops-benchmarks -am install -DskipTests
mvn -B -q -pl nifi-dataops-benchmarks "exec:exec@$benchmark" "$@"

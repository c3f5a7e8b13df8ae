#!/usr/bin/env bash
# One command: build the NAR, assemble NiFi 2.3.0, start S3Mock and the Glue stand-in, start NiFi with the healthcare
# flow imported, parameters set and running, send the sample data, print the UI address and a summary. Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")"
if [[ -z "${JAVA_HOME:-}" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
        [[ -x "$candidate/bin/java" ]] && export JAVA_HOME="$candidate" && break
    done
fi
export PATH="$JAVA_HOME/bin:$PATH"
# Package everything without running tests; the system-test module still assembles NiFi under its target/. Maven's
# output goes to target/run-build.log; the terminal gets one line per module, so a first run (downloads, ~6 minutes)
# shows where it is, and the errors if it fails.
mkdir -p target
build_log="$PWD/target/run-build.log"
echo "==> Building the NARs and assembling NiFi 2.3.0 (the first run downloads dependencies and takes several minutes)"
if ! mvn -B -ntp -Dstyle.color=never install -Dmaven.test.skip.exec=true 2>&1 | tee "$build_log" \
        | grep --line-buffered -E '^\[INFO\] Building .* \[[0-9]+/[0-9]+\]$|^\[ERROR\]|BUILD (SUCCESS|FAILURE)' \
        | sed -u -e 's/^\[INFO\] Building /    building /' -e 's/ *\[[0-9]*\/[0-9]*\]$//'; then
    echo "The build failed; Maven's whole output is in $build_log" >&2
    exit 1
fi
# The demo (HealthcareDemo) lives in the system-test module, beside the NiFi harness it starts NiFi with; its
# runtime-lib/ holds nifi-dataops-flows (the flow generator, deployer and sample data) and the rest of its class path.
module=nifi-dataops-system-tests/target
exec java -cp "$module/classes:$module/runtime-lib/*" io.nifidataops.healthcare.HealthcareDemo \
    "$PWD" "$module/nifi-2.3.0" "${WORK_DIR:-$PWD/target/healthcare-demo}"

#!/usr/bin/env bash
# The one command that runs every test (README, "Test everything"); .ci/run calls it after installing what it needs.
set -euo pipefail
cd "$(dirname "$0")"

# Everything on the baseline: unit tests, the NARs, the system and integration tests in a real NiFi 2.3.0.
mvn -B verify

# The processors' unit tests again, compiled against the newest nifi-api (2.8.0) and the newest nifi-mock / nifi-record /
# service APIs Maven Central serves (2.8.0; record services 2.6.0). Jar modules only: no NARs, no NiFi runtime.
mvn -B -Pnewest-nifi -pl nifi-dataops-service-api,nifi-dataops-onnxruntime,nifi-dataops-processors test

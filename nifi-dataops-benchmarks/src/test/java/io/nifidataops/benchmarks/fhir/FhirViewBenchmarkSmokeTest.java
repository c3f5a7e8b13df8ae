package io.nifidataops.benchmarks.fhir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The FHIR view benchmark command on a few hundred resources: both readers read every resource, the heap runs finish. Nothing is timed. */
class FhirViewBenchmarkSmokeTest {

    @Test
    void bothReadersReadEveryResourceAndTheHeapRunsFinish(@TempDir final Path dir) throws Exception {
        // rate() fails when a reader returns another number of records than resources were generated
        FhirViewBenchmark.main(new String[] {"all", "--resources=300", "--rounds=1", "--heap-sizes=200,400", "--heap-xmx=96m",
                "--view=../flow-templates/views/fhir_observations.json", "--work-dir=" + dir});
        final Path input = FhirViewBenchmark.generate(dir, 50);
        final List<String> lines = Files.readAllLines(input);
        assertThat(lines).hasSize(50).allSatisfy(line -> assertThat(line).startsWith("{\"resourceType\":\"Observation\""));
    }
}

package io.nifidataops.systemtest;

import io.nifidataops.fhir.FhirInputFormat;
import io.nifidataops.fhir.FhirResourceParser;
import io.nifidataops.fhir.FhirResourceSource;
import io.nifidataops.fhir.ViewDefinition;
import io.nifidataops.fhir.ViewRunner;
import io.nifidataops.healthcare.FhirSamples;
import io.nifidataops.healthcare.HealthcareFlow;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed ViewDefinitions (flow-templates/views) compile and, over the FHIR sample deliveries, yield exactly the rows
 * the generator says each dataset holds (valid + invalid), with the values a reader of the resources expects.
 */
class FhirViewsTest {

    private static final Path VIEWS = Path.of("..").toAbsolutePath().normalize().resolve("flow-templates/views");

    @Test
    void testEveryViewYieldsTheSampleRows() throws Exception {
        final List<FhirSamples.Delivery> deliveries = FhirSamples.generate(7);
        final Map<String, Integer> expected = new TreeMap<>();
        deliveries.forEach(d -> {
            d.valid().forEach((dataset, n) -> expected.merge(dataset, n, Integer::sum));
            d.invalid().forEach((dataset, n) -> expected.merge(dataset, n, Integer::sum));
        });
        final Map<String, Integer> actual = new TreeMap<>();
        final Map<String, List<List<Object>>> rows = new TreeMap<>();
        for (final String dataset : HealthcareFlow.FHIR_DATASETS) {
            final ViewRunner runner = new ViewRunner(ViewDefinition.parse(Files.readString(VIEWS.resolve(dataset + ".json")), dataset + ".json"));
            assertThat(runner.view().name()).isEqualTo(dataset);
            for (final FhirSamples.Delivery delivery : deliveries) {
                try (FhirResourceSource source = new FhirResourceSource(new ByteArrayInputStream(delivery.content()), FhirInputFormat.AUTO,
                        new FhirResourceParser())) {
                    Resource resource;
                    while ((resource = source.next()) != null) {
                        for (final Object[] row : runner.rows(resource)) {
                            actual.merge(dataset, 1, Integer::sum);
                            rows.computeIfAbsent(dataset, d -> new ArrayList<>()).add(Arrays.asList(row));
                        }
                    }
                }
            }
        }
        assertThat(actual).isEqualTo(expected);
        // The first bundle Observation: a vital sign of patient pat-00000 in encounter enc-0, at 00:10 local +01:00
        assertThat(rows.get("fhir_observations").get(0).subList(0, 8)).containsExactly("obs-b0-0", "pat-00000", "enc-0", "final",
                "vital-signs", "http://loinc.org", "8867-4", "2026-11-20T01:10:00+01:00");
        assertThat(rows.get("fhir_resources")).filteredOn(row -> "MedicationRequest".equals(row.get(1))).hasSize(1);
        assertThat(rows.get("fhir_observations")).filteredOn(row -> row.get(1) == null).hasSize(1);
    }
}

package io.nifidataops.healthcare;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The FHIR sample deliveries are real R4: HAPI's strict parser accepts every resource but the one broken on purpose. */
class FhirSamplesTest {

    private final IParser strict = FhirContext.forR4Cached().newJsonParser().setParserErrorHandler(new StrictErrorHandler());

    @Test
    void testEveryResourceParsesStrictlyButTheUnparseableDateTime() {
        final List<FhirSamples.Delivery> deliveries = FhirSamples.generate(7);
        assertThat(deliveries).extracting(FhirSamples.Delivery::contentType)
                .containsExactly(FhirSamples.BUNDLE_TYPE, FhirSamples.NDJSON_TYPE);

        final Bundle bundle = (Bundle) strict.parseResource(new String(deliveries.get(0).content(), StandardCharsets.UTF_8));
        assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType()).containsOnly("Patient", "Encounter",
                "Observation", "Condition", "MedicationRequest");

        final List<String> refused = new ArrayList<>();
        final String[] lines = new String(deliveries.get(1).content(), StandardCharsets.UTF_8).split("\n");
        for (final String line : lines) {
            try {
                strict.parseResource(line);
            } catch (final DataFormatException e) {
                refused.add(line);
            }
        }
        assertThat(lines).hasSize(30);
        assertThat(refused).singleElement().asString().contains(FhirSamples.BROKEN_DATETIME);
        assertThatThrownBy(() -> strict.parseResource(refused.get(0))).isInstanceOf(DataFormatException.class);
    }

    @Test
    void testSameSeedSameBytesAndTheDefectsAreCounted() {
        final List<FhirSamples.Delivery> first = FhirSamples.generate(7);
        final List<FhirSamples.Delivery> again = FhirSamples.generate(7);
        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).content()).isEqualTo(first.get(i).content());
        }
        assertThat(first.get(0).invalid()).containsEntry("fhir_resources", 1);
        assertThat(first.get(0).valid()).contains(Map.entry("fhir_patients", 6), Map.entry("fhir_encounters", 8),
                Map.entry("fhir_observations", 32), Map.entry("fhir_conditions", 4), Map.entry("fhir_resources", 50));
        assertThat(first.get(1).valid()).contains(Map.entry("fhir_observations", 27), Map.entry("fhir_resources", 30));
        assertThat(first.get(1).invalid()).containsEntry("fhir_observations", 3);
    }
}

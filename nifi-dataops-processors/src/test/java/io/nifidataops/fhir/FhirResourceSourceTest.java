package io.nifidataops.fhir;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FhirResourceSourceTest {

    private static FhirResourceParser parser;

    @BeforeAll
    static void createParser() {
        parser = new FhirResourceParser();
    }

    @Test
    void testBundleHandsOutItsEntriesInOrderSkippingEntriesWithoutResourceAndTheBundlesOtherFields() throws Exception {
        final String bundle = """
                {
                  "resourceType": "Bundle",
                  "type": "transaction",
                  "meta": {"tag": [{"code": "ignored"}]},
                  "entry": [
                    {"resource": {"resourceType": "Patient", "id": "p1"}, "request": {"method": "PUT", "url": "Patient/p1"}},
                    {"request": {"method": "DELETE", "url": "Patient/p0"}},
                    {"resource": {"resourceType": "Observation", "id": "o1", "status": "final",
                                  "code": {"text": "heart rate"}}}
                  ],
                  "signature": {"data": "ignored"}
                }
                """;

        assertThat(readAll(bundle, FhirInputFormat.BUNDLE)).containsExactly("Patient/p1 @ Bundle entry 1", "Observation/o1 @ Bundle entry 3");
        assertThat(readAll(bundle, FhirInputFormat.AUTO)).containsExactly("Patient/p1 @ Bundle entry 1", "Observation/o1 @ Bundle entry 3");
    }

    @Test
    void testBundleNamingItsResourceTypeLastGivesTheSameResources() throws Exception {
        final String bundle = """
                {"type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "p1"}},
                 {"resource": {"resourceType": "Patient", "id": "p2"}}], "resourceType": "Bundle"}
                """;

        assertThat(readAll(bundle, FhirInputFormat.BUNDLE)).containsExactly("Patient/p1 @ Bundle entry 1", "Patient/p2 @ Bundle entry 2");
    }

    @Test
    void testSingleResourceDocumentAndEmptyContent() throws Exception {
        assertThat(readAll("""
                {
                  "resourceType": "Patient",
                  "id": "p1"
                }
                """, FhirInputFormat.BUNDLE)).containsExactly("Patient/p1 @ the document");
        assertThat(readAll("  \n", FhirInputFormat.BUNDLE)).isEmpty();
    }

    @Test
    void testNdjsonReadAsOneDocumentIsRefusedNotCutToItsFirstLine() {
        final String ndjson = """
                {"resourceType": "Patient", "id": "p1"}
                {"resourceType": "Patient", "id": "p2"}
                """;

        assertThatThrownBy(() -> readAll(ndjson, FhirInputFormat.BUNDLE)).isInstanceOf(FhirContentException.class)
                .hasMessage("the document continues after its end, at line 2: send one Bundle or resource per FlowFile, or choose Bulk Data NDJSON");
        assertThatThrownBy(() -> readAll("{\"resourceType\": \"Bundle\", \"entry\": []} {\"resourceType\": \"Patient\"}", FhirInputFormat.BUNDLE))
                .isInstanceOf(FhirContentException.class).hasMessageStartingWith("the document continues after its end, at line 1");
    }

    @Test
    void testBrokenJsonInTheMiddleOfABundleSaysWhereNotWhat() throws Exception {
        final String bundle = """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"resource": {"resourceType": "Patient", "id": "p1"}},
                  {"resource": {"resourceType": "Patient", "id": "PHI-MARKER" "name": []}}
                ]}
                """;
        try (FhirResourceSource source = source(bundle, FhirInputFormat.BUNDLE)) {
            assertThat(source.next().getIdPart()).isEqualTo("p1");
            assertThatThrownBy(source::next).isInstanceOf(FhirContentException.class)
                    .hasMessage("the document is not JSON (JsonProcessingException at line 3)");
        }
    }

    @Test
    void testValueOverJacksonsReadLimitSaysSoWithoutAValue() {
        // Jackson refuses strings over 20,000,000 characters (StreamReadConstraints) and may not say where
        final String bundle = "{\"resourceType\": \"Bundle\", \"entry\": [{\"resource\": {\"resourceType\": \"Binary\", \"data\": \""
                + "A".repeat(20_000_001) + "\"}}]}";

        assertThatThrownBy(() -> readAll(bundle, FhirInputFormat.BUNDLE)).isInstanceOf(FhirContentException.class)
                .hasMessageStartingWith("the document is not JSON (StreamConstraintsException").hasMessageNotContaining("AAAA");
    }

    @ParameterizedTest
    @EnumSource(value = FhirInputFormat.class, names = {"BUNDLE", "AUTO"})
    void testMinifiedBundleStreamsItsFirstEntriesWithoutReadingTheRest(final FhirInputFormat format) throws Exception {
        // A one-line Bundle of a million Observations (some 130 MB) made as it is read, counting the bytes taken from it
        final CountingStream content = new CountingStream(bundleOf(1_000_000));
        try (FhirResourceSource source = new FhirResourceSource(content, format, parser)) {
            assertThat(source.next().getIdPart()).isEqualTo("o0");
            assertThat(source.next().getIdPart()).isEqualTo("o1");
            assertThat(source.position()).isEqualTo("Bundle entry 2");
            assertThat(content.read).as("bytes read for the first two entries").isLessThan(1 << 20);
        }
    }

    @Test
    void testDetectReadsNdjsonWhoseFirstLineIsLongerThanItLooksAhead() throws Exception {
        final String note = "x".repeat(200_000);
        final String ndjson = "{\"resourceType\": \"Observation\", \"id\": \"o1\", \"status\": \"final\", \"code\": {\"text\": \"hr\"},"
                + " \"note\": [{\"text\": \"" + note + "\"}]}\n{\"resourceType\": \"Patient\", \"id\": \"p1\"}\n";

        assertThat(readAll(ndjson, FhirInputFormat.AUTO)).containsExactly("Observation/o1 @ line 1", "Patient/p1 @ line 2");
    }

    @Test
    void testDetectTellsOneLineObjectsFromDocuments() throws Exception {
        assertThat(readAll("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p1\"}}]}\n",
                FhirInputFormat.AUTO)).containsExactly("Patient/p1 @ line 1, Bundle entry 1");
        assertThat(readAll("\n\n{\"resourceType\":\"Patient\",\"id\":\"p1\"}\n{\"resourceType\":\"Patient\",\"id\":\"p2\"}",
                FhirInputFormat.AUTO)).containsExactly("Patient/p1 @ line 3", "Patient/p2 @ line 4");
        assertThat(readAll("{\n  \"resourceType\": \"Patient\",\n  \"id\": \"p1\"\n}\n", FhirInputFormat.AUTO))
                .containsExactly("Patient/p1 @ the document");
        assertThat(readAll("", FhirInputFormat.AUTO)).isEmpty();
    }

    private static List<String> readAll(final String content, final FhirInputFormat format) throws Exception {
        final List<String> read = new ArrayList<>();
        try (FhirResourceSource source = source(content, format)) {
            Resource resource;
            while ((resource = source.next()) != null) {
                read.add(resource.fhirType() + "/" + resource.getIdPart() + " @ " + source.position());
            }
        }
        return read;
    }

    private static FhirResourceSource source(final String content, final FhirInputFormat format) throws IOException {
        return new FhirResourceSource(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), format, parser);
    }

    private static InputStream bundleOf(final int entries) {
        final Enumeration<InputStream> parts = new Enumeration<>() {
            private int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next <= entries;
            }

            @Override
            public InputStream nextElement() {
                final int part = next++;
                final String text;
                if (part < 0) {
                    text = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[";
                } else if (part == entries) {
                    text = "]}";
                } else {
                    text = (part == 0 ? "" : ",") + "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o" + part
                            + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8867-4\"}]}}}";
                }
                return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(parts);
    }

    private static final class CountingStream extends FilterInputStream {
        private long read;

        CountingStream(final InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            final int one = super.read();
            read += one < 0 ? 0 : 1;
            return one;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws IOException {
            final int count = super.read(buffer, offset, length);
            read += Math.max(count, 0);
            return count;
        }
    }
}

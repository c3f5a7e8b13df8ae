package io.nifidataops.systemtest;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import io.nifidataops.healthcare.FhirSamples;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FHIR R4 from the EHR through the healthcare flow in a real NiFi 2.3.0 (our NAR with HAPI FHIR inside, next to NiFi's
 * own logging and Jackson): a transaction Bundle and a Bulk Data Observation.ndjson are posted with their FHIR content
 * types, land raw byte for byte, are flattened by the ViewDefinitions in flow-templates/views, validated by their suites
 * (the deliberately defective resources quarantined with reports), and written as typed Parquet tables: DuckDB reads
 * timestamps and decimals and a time-window query returns exactly the observations in the window; Glue holds the
 * matching Hive types.
 */
class FhirLakeSystemIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @RegisterExtension
    static final HealthcareNiFi HEALTHCARE = new HealthcareNiFi("fhir");

    private static final String BUCKET = HealthcareLake.BUCKET;
    private static final String DATABASE = HealthcareLake.DATABASE;
    private static final Instant WINDOW_START = Instant.parse("2026-11-20T01:00:00Z");
    private static final Instant WINDOW_END = Instant.parse("2026-11-20T03:00:00Z");

    private static GlueStandIn glue;
    private static NiFiInstance nifi;
    private static NiFiClient client;

    @TempDir
    static Path work;

    @BeforeAll
    static void connect() {
        glue = HEALTHCARE.glue();
        nifi = HEALTHCARE.nifi();
        client = nifi.client();
    }

    @Test
    void testFhirBundlesAndNdjsonBecomeTypedViewTablesWithDefectsQuarantined() throws Exception {
        final HealthcareLake lake = new HealthcareLake(S3, glue, work);
        final FlowDeployer deployer = lake.deployer(nifi.apiUri(), S3.endpoint());
        final String groupId = deployer.deploy();
        client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

        final List<FhirSamples.Delivery> deliveries = FhirSamples.generate(HealthcareLake.SEED);
        final HttpClient http = HttpClient.newHttpClient();
        final URI ehr = deployer.settings().ingestUri("hospital.http.port", "fhir");
        for (final FhirSamples.Delivery delivery : deliveries) {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(ehr).header("Content-Type", delivery.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.content())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(delivery.name()).isEqualTo(200);
        }
        final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(3));
        HealthcareLake.assertNothingQueued(client, groupId, parked);

        // Raw: each delivery once, byte for byte, under the hospital's fhir dataset
        final List<String> raw = S3.keys(BUCKET, "raw/hospital/fhir/");
        assertThat(raw).hasSize(deliveries.size());
        final Set<String> rawContents = raw.stream().map(key -> new String(S3.get(BUCKET, key), StandardCharsets.UTF_8)).collect(Collectors.toSet());
        assertThat(deliveries).allSatisfy(d -> assertThat(rawContents).contains(new String(d.content(), StandardCharsets.UTF_8)));

        // Records in = records out per view: valid rows structured, invalid rows quarantined with a report per batch
        final Map<String, Integer> valid = new TreeMap<>();
        final Map<String, Integer> invalid = new TreeMap<>();
        deliveries.forEach(d -> {
            d.valid().forEach((dataset, n) -> valid.merge(dataset, n, Integer::sum));
            d.invalid().forEach((dataset, n) -> invalid.merge(dataset, n, Integer::sum));
        });
        for (final String dataset : FhirSamples.DATASETS) {
            assertThat(lake.parquetRows("structured/hospital/" + dataset + "/")).as("structured %s rows", dataset).isEqualTo(valid.get(dataset));
            if (invalid.get(dataset) > 0) {
                assertThat(lake.parquetRows("quarantine/hospital/" + dataset + "/")).as("quarantined %s rows", dataset)
                        .isEqualTo(invalid.get(dataset));
                assertThat(S3.keys(BUCKET, "quarantine/hospital/" + dataset + "_reports/")).as("%s reports", dataset).isNotEmpty();
            }
        }
        assertThat(invalid).containsEntry("fhir_observations", 3).containsEntry("fhir_resources", 1);

        // DuckDB, an independent reader: typed columns, and a time window compares instants
        final Path observations = download("structured/hospital/fhir_observations/", "observations");
        final Map<String, String> types = ParquetReadBack.describe(observations);
        assertThat(types).containsEntry("effective_at", "TIMESTAMP WITH TIME ZONE").containsEntry("value", "DECIMAL(38,9)");
        final List<Map<String, Object>> window = ParquetReadBack.query("SELECT observation_id FROM " + ParquetReadBack.source(observations)
                + " WHERE effective_at >= TIMESTAMPTZ '2026-11-20 01:00:00+00' AND effective_at < TIMESTAMPTZ '2026-11-20 03:00:00+00'");
        assertThat(window).extracting(row -> (String) row.get("observation_id"))
                .containsExactlyInAnyOrderElementsOf(validObservationsIn(deliveries, WINDOW_START, WINDOW_END));
        assertThat(ParquetReadBack.describe(download("structured/hospital/fhir_patients/", "patients"))).containsEntry("birth_date", "DATE");

        // Glue columns carry the same types
        final Map<String, String> columns = new TreeMap<>();
        glue.table(DATABASE, "structured_hospital_fhir_observations").path("StorageDescriptor").path("Columns")
                .forEach(column -> columns.put(column.path("Name").asText(), column.path("Type").asText()));
        assertThat(columns).containsEntry("effective_at", "timestamp").containsEntry("value", "decimal(38,9)")
                .containsEntry("patient_id", "string");
        final Map<String, String> patientColumns = new TreeMap<>();
        glue.table(DATABASE, "structured_hospital_fhir_patients").path("StorageDescriptor").path("Columns")
                .forEach(column -> patientColumns.put(column.path("Name").asText(), column.path("Type").asText()));
        assertThat(patientColumns).containsEntry("birth_date", "date").containsEntry("active", "boolean");
    }

    // parquetRows already downloaded these tables into the lake's download folder: a folder of their own here
    private static Path download(final String table, final String folder) throws java.io.IOException {
        final Path target = java.nio.file.Files.createDirectories(work.resolve("typed-" + folder));
        assertThat(ParquetReadBack.download(S3.client(), BUCKET, table, target)).as("objects under %s", table).isPositive();
        return target.resolve(table);
    }

    /** The observations a correct reader must return for the window: the valid ones (subject, LOINC, readable instant) inside it. */
    private static List<String> validObservationsIn(final List<FhirSamples.Delivery> deliveries, final Instant from, final Instant to) {
        final IParser parser = FhirContext.forR4Cached().newJsonParser();
        final List<String> ids = new java.util.ArrayList<>();
        for (final FhirSamples.Delivery delivery : deliveries) {
            final String text = new String(delivery.content(), StandardCharsets.UTF_8);
            final List<org.hl7.fhir.r4.model.Resource> resources = new java.util.ArrayList<>();
            if (FhirSamples.BUNDLE_TYPE.equals(delivery.contentType())) {
                ((org.hl7.fhir.r4.model.Bundle) parser.parseResource(text)).getEntry().forEach(e -> resources.add(e.getResource()));
            } else {
                for (final String line : text.split("\n")) {
                    if (!line.contains("2026-11-31")) {
                        resources.add((org.hl7.fhir.r4.model.Resource) parser.parseResource(line));
                    }
                }
            }
            for (final org.hl7.fhir.r4.model.Resource resource : resources) {
                if (resource instanceof Observation observation && observation.hasSubject()
                        && "http://loinc.org".equals(observation.getCode().getCodingFirstRep().getSystem())) {
                    final Instant at = observation.getEffectiveDateTimeType().getValue().toInstant();
                    if (!at.isBefore(from) && at.isBefore(to)) {
                        ids.add(observation.getIdElement().getIdPart());
                    }
                }
            }
        }
        assertThat(ids).as("observations in the window").isNotEmpty();
        return ids;
    }
}

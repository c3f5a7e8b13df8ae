package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.HealthcareFlow;
import io.nifidataops.healthcare.LakeSummary;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.ParquetReadBack;
import io.nifidataops.testing.S3TestServer;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthcare flow deployed against the stand-ins of a system test (S3Mock, the Glue stand-in, a lab drop directory
 * under {@code work}), and the checks that the lake holds exactly what the sample generator sent: shared by
 * HealthcareFlowIT (a healthy run) and HealthcareFaultsIT (runs through an S3 outage and a NiFi restart).
 */
final class HealthcareLake {

    static final String BUCKET = "lake";
    static final String DATABASE = "healthcare_lake";
    static final long SEED = 7;
    /** The warning the samples cause on purpose: the device body that is not JSON cannot be validated and is quarantined. */
    static final String UNREADABLE_BULLETIN = "Records could not be validated";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3TestServer s3;
    private final GlueStandIn glue;
    private final Path work;

    HealthcareLake(final S3TestServer s3, final GlueStandIn glue, final Path work) {
        this.s3 = s3;
        this.glue = glue;
        this.work = work;
    }

    /** Deploys to the NiFi at {@code nifiApi}; the flow writes to {@code s3Endpoint}: S3Mock itself or a proxy in front of it. */
    FlowDeployer deployer(final URI nifiApi, final URI s3Endpoint) throws IOException {
        return deployer(nifiApi, s3Endpoint, committedFlow());
    }

    /** As {@link #deployer(URI, URI)}, with another flow definition (the committed one changed by a test). */
    FlowDeployer deployer(final URI nifiApi, final URI s3Endpoint, final Path flow) throws IOException {
        return deployer(nifiApi, s3Endpoint, flow, List.of(), Map.of());
    }

    /**
     * As {@link #deployer(URI, URI, Path)}, with more command-line options (a secured NiFi's truststore, keystore, login) and
     * the environment the deployer reads passwords from.
     */
    FlowDeployer deployer(final URI nifiApi, final URI s3Endpoint, final Path flow, final List<String> moreOptions,
                          final Map<String, String> environment) throws IOException {
        final List<String> options = new ArrayList<>(List.of(
                "--nifi-api", nifiApi.toString(),
                "--flow", flow.toString(),
                "--s3-endpoint", s3Endpoint.toString(), "--glue-endpoint", glue.endpoint().toString(),
                "--region", S3TestServer.REGION, "--access-key", S3TestServer.ACCESS_KEY_ID, "--secret-key", S3TestServer.SECRET_ACCESS_KEY,
                "--bucket", BUCKET, "--glue-database", DATABASE,
                "--suite-dir", projectDir().resolve("flow-templates/suites").toString(),
                "--views-dir", projectDir().resolve("flow-templates/views").toString(),
                "--model-file", projectDir().resolve("flow-templates/model/vitals-risk.onnx").toString(),
                "--lab-dir", work.resolve("lab-drop").toString(),
                "--hospital-port", Integer.toString(NiFiInstance.Builder.freePort()), "--device-port", Integer.toString(NiFiInstance.Builder.freePort()),
                "--seed", Long.toString(SEED), "--create-bucket"));
        options.addAll(moreOptions);
        return new FlowDeployer(FlowDeployer.parse(options.toArray(String[]::new), environment));
    }

    /** The same deployment (ports, lab directory, seed) reached through another REST address, e.g. after a NiFi restart. */
    static FlowDeployer reconnect(final FlowDeployer deployer, final URI nifiApi) {
        final FlowDeployer.Settings settings = deployer.settings();
        return new FlowDeployer(new FlowDeployer.Settings(nifiApi, settings.access(), settings.flow(), settings.parameters(), settings.ingestHost(),
                settings.ingestAccess(), settings.createBucket(), settings.sendSamples(), settings.seed()));
    }

    /** Records the generator sent per dataset: valid ones must be structured, invalid ones quarantined. */
    record Expected(Map<String, Integer> valid, Map<String, Integer> invalid, Map<String, String> sources) {
        static Expected of(final List<SampleData.Batch> batches) {
            final Map<String, Integer> valid = new TreeMap<>();
            final Map<String, Integer> invalid = new TreeMap<>();
            final Map<String, String> sources = new TreeMap<>();
            for (final SampleData.Batch batch : batches) {
                if (!batch.unreadable()) {
                    valid.merge(batch.dataset(), batch.records() - batch.invalid(), Integer::sum);
                    invalid.merge(batch.dataset(), batch.invalid(), Integer::sum);
                    sources.put(batch.dataset(), batch.source());
                }
            }
            return new Expected(valid, invalid, sources);
        }

        String table(final String zone, final String dataset) {
            return zone + "/" + sources.get(dataset) + "/" + dataset + "/";
        }
    }

    /** Nothing left in any queue of the settled flow, nothing parked in the attention funnel. */
    static void assertNothingQueued(final NiFiClient client, final String groupId, final int parked) {
        assertThat(parked).as("FlowFiles parked in %s", HealthcareFlow.NEEDS_ATTENTION).isZero();
        assertThat(client.groupStatus(groupId).queues()).as("queues").allSatisfy(queue ->
                assertThat(queue.flowFiles()).as(queue.source() + " -> " + queue.destination()).isZero());
    }

    /**
     * Every zone, table and quarantined report holds exactly what the samples hold: no record lost, none written twice (the
     * DuckDB row counts equal the generator's valid and invalid counts, raw objects equal the deliveries). Returns the summary.
     */
    LakeSummary assertLakeHoldsExactlyTheSamples(final List<SampleData.Batch> batches) throws Exception {
        final Expected expected = Expected.of(batches);
        final LakeSummary summary = LakeSummary.read(s3.client(), BUCKET, glue.client(), DATABASE);
        System.out.println(summary.describe());
        for (final String zone : List.of("raw", "structured", "curated", "quarantine")) {
            assertThat(summary.objects(zone)).as("objects in %s", zone).isPositive();
        }
        assertRawLanding(batches);
        assertRecordsInEqualRecordsOut(expected);
        assertCuratedVitalsAreScored(expected);
        assertReportsAndUnreadableContentAreQuarantined(batches);
        assertCatalog(summary);
        return summary;
    }

    /** Every delivery lands byte for byte in raw, the unreadable one included, once. */
    private void assertRawLanding(final List<SampleData.Batch> batches) {
        final Map<String, Long> sent = batches.stream().collect(Collectors.groupingBy(b -> b.source() + "/" + b.dataset(), TreeMap::new,
                Collectors.counting()));
        final Map<String, Long> landed = s3.keys(BUCKET, "raw/").stream()
                .collect(Collectors.groupingBy(key -> key.split("/")[1] + "/" + key.split("/")[2], TreeMap::new, Collectors.counting()));
        assertThat(landed).as("raw objects per source/dataset").isEqualTo(sent);
        final Set<String> rawContents = s3.keys(BUCKET, "raw/").stream().map(key -> new String(s3.get(BUCKET, key))).collect(Collectors.toSet());
        assertThat(batches).allSatisfy(batch -> assertThat(rawContents).as(batch.name()).contains(new String(batch.content())));
    }

    /** DuckDB reads structured and quarantine Parquet: valid + invalid = every readable record sent, per dataset. */
    void assertRecordsInEqualRecordsOut(final Expected expected) throws Exception {
        for (final String dataset : expected.valid().keySet()) {
            assertThat(parquetRows(expected.table("structured", dataset))).as("structured %s rows", dataset)
                    .isEqualTo(expected.valid().get(dataset));
            assertThat(parquetRows(expected.table("quarantine", dataset))).as("quarantined %s rows", dataset)
                    .isEqualTo(expected.invalid().get(dataset));
        }
    }

    void assertCuratedVitalsAreScored(final Expected expected) throws Exception {
        final Path curated = download(expected.table("curated", "vitals"));
        final List<Map<String, Object>> rows = ParquetReadBack.rows(curated, "ts");
        assertThat(rows).as("curated vitals").hasSize(expected.valid().get("vitals")).allSatisfy(row -> {
            assertThat(row.get("risk_score")).as("risk_score").isInstanceOf(Number.class);
            assertThat(((Number) row.get("risk_score")).doubleValue()).isBetween(0.0, 1.0);
            assertThat(row.get("risk_label")).as("risk_label").isNotNull();
        });
    }

    /** One validation report per readable batch (each holds bad records, so each report says the suite failed), the bad body as sent. */
    private void assertReportsAndUnreadableContentAreQuarantined(final List<SampleData.Batch> batches) throws IOException {
        for (final SampleData.Batch batch : batches.stream().filter(b -> !b.unreadable()).toList()) {
            assertThat(s3.keys(BUCKET, "quarantine/" + batch.source() + "/" + batch.dataset() + "_reports/")).as("%s reports", batch.dataset())
                    .hasSize((int) batches.stream().filter(b -> !b.unreadable() && b.dataset().equals(batch.dataset())).count())
                    .allSatisfy(key -> assertThat(JSON.readTree(s3.get(BUCKET, key)).path("success").asBoolean()).as(key).isFalse());
        }
        final List<String> unreadable = s3.keys(BUCKET, "quarantine/device/vitals_unreadable/");
        assertThat(unreadable).singleElement().satisfies(key -> assertThat(s3.get(BUCKET, key))
                .isEqualTo(batches.stream().filter(SampleData.Batch::unreadable).findFirst().orElseThrow().content()));
    }

    /** The structured table of every dataset and the curated vitals table, each with its partitions and its S3 location. */
    private void assertCatalog(final LakeSummary summary) {
        assertThat(summary.partitionsByTable().keySet()).as("Glue tables").containsExactlyInAnyOrderElementsOf(LakeSummary.TABLES);
        for (final String table : LakeSummary.TABLES) {
            assertThat(glue.partitionValues(DATABASE, table)).as("partitions of %s", table).isNotEmpty();
            assertThat(glue.table(DATABASE, table).path("StorageDescriptor").path("Location").asText()).as("location of %s", table)
                    .startsWith("s3://" + BUCKET + "/" + table.substring(0, table.indexOf('_')) + "/");
        }
    }

    /** Every partition the catalog lists lies under its table's location and holds objects: no query meets an empty or foreign path. */
    void assertEveryPartitionLocationHoldsObjects() {
        for (final String table : LakeSummary.TABLES) {
            final String tableLocation = glue.table(DATABASE, table).path("StorageDescriptor").path("Location").asText();
            assertThat(glue.partitionValues(DATABASE, table)).as("partitions of %s", table).isNotEmpty().allSatisfy(values -> {
                final String location = glue.partitionLocation(DATABASE, table, values);
                assertThat(location).as("partition %s of %s", values, table).startsWith(tableLocation);
                final String prefix = location.substring(("s3://" + BUCKET + "/").length());
                assertThat(s3.keys(BUCKET, prefix)).as("objects at %s", location).isNotEmpty();
            });
        }
    }

    /**
     * Nothing needs a person: no ERROR bulletin. The unreadable device body, quarantined by design, is a WARNING (NiFi maps a
     * WARN log to bulletin level WARNING: ProcessorLogObserver, rel/nifi-2.3.0) that says where the parser stopped.
     */
    static void assertNoErrorBulletinAndTheUnreadableBodyWarned(final NiFiClient client) {
        final List<JsonNode> bulletins = client.bulletins();
        assertThat(bulletins).as("ERROR bulletins").noneMatch(bulletin -> "ERROR".equals(bulletin.path("level").asText()));
        assertThat(bulletins).as("WARNING bulletins").anySatisfy(bulletin -> {
            assertThat(bulletin.path("level").asText()).isEqualTo("WARNING");
            assertThat(bulletin.path("sourceName").asText()).isEqualTo("Validate against suite");
            assertThat(bulletin.path("message").asText()).contains(UNREADABLE_BULLETIN).contains(" at line 1, column ");
        });
    }

    Path download(final String table) throws IOException {
        final Path target = Files.createDirectories(work.resolve("downloads"));
        assertThat(ParquetReadBack.download(s3.client(), BUCKET, table, target)).as("objects under %s", table).isPositive();
        return target.resolve(table);
    }

    int parquetRows(final String table) throws Exception {
        return ((Number) ParquetReadBack.query("SELECT count(*) AS n FROM " + ParquetReadBack.source(download(table))).getFirst().get("n"))
                .intValue();
    }

    static Path committedFlow() {
        return projectDir().resolve(HealthcareFlow.RELATIVE_PATH);
    }

    private static Path projectDir() {
        return Path.of("..").toAbsolutePath().normalize();
    }
}

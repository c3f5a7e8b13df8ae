package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;
import io.nifidataops.testing.WriteOnlyRoleS3Proxy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthcare flow as a production team runs it, in a real NiFi 2.3.0: four concurrent tasks on every processor of the
 * lake pipeline, every sample batch delivered twice and both deliveries in parallel (a re-POST, a replay), and S3 reached
 * through a proxy that enforces a write-only role (no GetObject, HeadObject, ListBucket or DeleteObject). Afterwards every
 * table holds each record sent exactly once (DuckDB per table), and every partition in the catalog lies under its table's
 * location and holds objects.
 */
class HealthcareConcurrencyIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    @RegisterExtension
    static final HealthcareNiFi HEALTHCARE = new HealthcareNiFi("healthcare-concurrency");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONCURRENT_TASKS = 4;

    private static GlueStandIn glue;
    private static NiFiInstance nifi;

    @TempDir
    static Path work;

    @BeforeAll
    static void connect() {
        glue = HEALTHCARE.glue();
        nifi = HEALTHCARE.nifi();
    }

    @Test
    void testDuplicateDeliveriesOnFourTasksThroughAWriteOnlyRoleLandEachRecordOnce() throws Exception {
        final long started = System.nanoTime();
        final HealthcareLake lake = new HealthcareLake(S3, glue, work);
        S3.createBucket(HealthcareLake.BUCKET);
        try (WriteOnlyRoleS3Proxy writeOnly = new WriteOnlyRoleS3Proxy(S3.endpoint())) {
            final FlowDeployer deployer = lake.deployer(nifi.apiUri(), writeOnly.endpoint(), withConcurrentTasks(CONCURRENT_TASKS));
            final NiFiClient client = nifi.client();
            final String groupId = deployer.deploy();
            client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

            final CompletableFuture<List<SampleData.Batch>> first = CompletableFuture.supplyAsync(() -> send(deployer));
            final CompletableFuture<List<SampleData.Batch>> second = CompletableFuture.supplyAsync(() -> send(deployer));
            final List<SampleData.Batch> batches = first.join();
            assertThat(second.join()).as("both deliveries send the same batches").extracting(SampleData.Batch::name)
                    .isEqualTo(batches.stream().map(SampleData.Batch::name).toList());
            final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(4));
            System.out.printf("Duplicate deliveries settled %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());

            HealthcareLake.assertNothingQueued(client, groupId, parked);
            final HealthcareLake.Expected expected = HealthcareLake.Expected.of(batches);
            lake.assertRecordsInEqualRecordsOut(expected);
            lake.assertCuratedVitalsAreScored(expected);
            lake.assertEveryPartitionLocationHoldsObjects();
            assertThat(writeOnly.refusedDataCalls()).as("reads, lists and deletes the write-only role was refused").isEmpty();
            System.out.printf("Write-only role: %d HeadBucket probes refused, no data call%n", writeOnly.refusedCalls().size());
        }
    }

    private static List<SampleData.Batch> send(final FlowDeployer deployer) {
        try {
            return deployer.sendSamples();
        } catch (final Exception e) {
            throw new IllegalStateException("Sending the samples failed", e);
        }
    }

    /** The committed flow with every processor of the lake pipeline at {@code tasks} concurrent tasks. */
    private static Path withConcurrentTasks(final int tasks) throws Exception {
        final JsonNode flow = JSON.readTree(HealthcareLake.committedFlow().toFile());
        int changed = 0;
        for (final JsonNode group : flow.path("flowContents").path("processGroups")) {
            if ("Lake pipeline".equals(group.path("name").asText())) {
                for (final JsonNode processor : group.path("processors")) {
                    ((ObjectNode) processor).put("concurrentlySchedulableTaskCount", tasks);
                    changed++;
                }
            }
        }
        assertThat(changed).as("processors of the lake pipeline").isGreaterThan(10);
        final Path changedFlow = work.resolve("healthcare-" + tasks + "-tasks.json");
        Files.write(changedFlow, JSON.writeValueAsBytes(flow));
        return changedFlow;
    }
}

package io.nifidataops.systemtest;

import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.HealthcareFlow;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.FaultyProxy;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthcare flow in a real NiFi 2.3.0 through faults, each test on its own NiFi instance directory, S3Mock and Glue
 * stand-in: an S3 outage while the samples arrive (the lake writers keep the FlowFiles queued and retry; the objects appear
 * once S3 is back) and a NiFi restart while the samples are on their way (the saved flow and the FlowFile and content
 * repositories carry the work over). Either way the lake ends up with exactly what the generator sent, malformed batches
 * included: no record lost, none written twice, nothing left queued or parked in the attention funnel.
 */
class HealthcareFaultsIT {

    /** The first lake writer of the flow: every delivery queues in front of it while S3 is away. */
    private static final String LAND_RAW = "Land raw";
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);

    /** One S3Mock per test: each test's lake starts empty. */
    @RegisterExtension
    final S3TestServer s3 = new S3TestServer();

    @TempDir
    Path work;

    private GlueStandIn glue;
    private NiFiInstance nifi;
    private HealthcareLake lake;

    @BeforeEach
    void startGlue() {
        glue = new GlueStandIn().start();
        lake = new HealthcareLake(s3, glue, work);
    }

    @AfterEach
    void stopAll() {
        if (nifi != null) {
            nifi.close();
        }
        if (glue != null) {
            glue.close();
        }
    }

    /**
     * NiFi reaches S3 through a proxy that refuses every connection while the samples arrive: each delivery waits before
     * the raw landing, whose writer routes the first to its retry loop, then yields and probes S3 before taking the next
     * (warning bulletins, nothing routed to failure, no object in the bucket). Once the proxy lets connections through again,
     * every object appears, once.
     */
    @Test
    void testS3OutageDelaysTheLakeWithoutLosingOrDuplicatingRecords() throws Exception {
        final long started = System.nanoTime();
        nifi = SystemTestNiFi.start("faults-s3-outage", "1g", NATIVE_ACCESS);
        final NiFiClient client = nifi.client();
        try (FaultyProxy proxy = new FaultyProxy(s3.endpoint().getPort())) {
            final FlowDeployer deployer = lake.deployer(nifi.apiUri(), proxy.endpoint());
            final String groupId = deployer.deploy();
            client.awaitValidProcessors(groupId, Duration.ofSeconds(60));

            proxy.inject(FaultyProxy.Fault.REFUSE, 0);
            final List<SampleData.Batch> batches = deployer.sendSamples();
            NiFiClient.awaitCondition("every batch queued before " + LAND_RAW + " and retried there", Duration.ofMinutes(3), () -> {
                final NiFiClient.GroupStatus status = client.groupStatus(groupId);
                return queuedBefore(status, LAND_RAW) == batches.size() && FlowDeployer.parked(status) == 0
                        && retryWarnings(client) > 0;
            });
            // Hold the outage a little longer: more retries, and still nothing may fail or reach the bucket
            NiFiInstance.sleep(Duration.ofSeconds(5));
            final NiFiClient.GroupStatus during = client.groupStatus(groupId);
            assertThat(queuedBefore(during, LAND_RAW)).as("FlowFiles queued before %s during the outage", LAND_RAW).isEqualTo(batches.size());
            assertThat(FlowDeployer.parked(during)).as("FlowFiles in %s during the outage", HealthcareFlow.NEEDS_ATTENTION).isZero();
            assertThat(s3.keys(HealthcareLake.BUCKET, "")).as("objects written during the outage").isEmpty();
            assertThat(proxy.faultsInjected()).as("connections refused").isPositive();
            System.out.printf("S3 outage: %d batches queued before %s, %d connections refused, %d retry warnings%n",
                    batches.size(), LAND_RAW, proxy.faultsInjected(), retryWarnings(client));

            proxy.heal();
            final int parked = deployer.awaitSettled(groupId, SETTLE_TIMEOUT);
            HealthcareLake.assertNothingQueued(client, groupId, parked);
            lake.assertLakeHoldsExactlyTheSamples(batches);
            HealthcareLake.assertNoErrorBulletinAndTheUnreadableBodyWarned(client);
        }
        System.out.printf("S3 outage test done in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /**
     * NiFi is stopped gracefully as soon as the first objects of the samples are in the lake, with FlowFiles still on their
     * way, and started again on the same instance directory: the flow resumes running and finishes the work the first run left, no record lost or
     * written twice.
     */
    @Test
    void testNiFiRestartMidRunLosesAndDuplicatesNothing() throws Exception {
        final long started = System.nanoTime();
        final String instance = "faults-restart";
        nifi = SystemTestNiFi.start(instance, "1g", NATIVE_ACCESS);
        final FlowDeployer deployer = lake.deployer(nifi.apiUri(), s3.endpoint());
        final String groupId = deployer.deploy();
        nifi.client().awaitValidProcessors(groupId, Duration.ofSeconds(60));

        final List<SampleData.Batch> batches = deployer.sendSamples();
        // Stop once the first objects are in the lake: part of the work done, the rest queued
        NiFiClient.awaitCondition("the first objects in the lake", Duration.ofMinutes(2),
                () -> !s3.keys(HealthcareLake.BUCKET, "").isEmpty());
        final int inFlight = nifi.client().groupStatus(groupId).queued();
        final int landedBeforeStop = s3.keys(HealthcareLake.BUCKET, "").size();
        nifi.close();
        System.out.printf("NiFi stopped with %d FlowFiles queued and %d objects in the lake%n", inFlight, landedBeforeStop);
        assertThat(inFlight).as("FlowFiles queued when NiFi was stopped (the restart must come mid-run)").isPositive();

        nifi = SystemTestNiFi.restart(instance, "1g", NATIVE_ACCESS);
        final NiFiClient client = nifi.client();
        final FlowDeployer resumed = HealthcareLake.reconnect(deployer, nifi.apiUri());
        final int parked = resumed.awaitSettled(groupId, SETTLE_TIMEOUT);
        HealthcareLake.assertNothingQueued(client, groupId, parked);
        lake.assertLakeHoldsExactlyTheSamples(batches);
        System.out.printf("NiFi restart test done in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static int queuedBefore(final NiFiClient.GroupStatus status, final String processor) {
        return status.queues().stream().filter(queue -> processor.equals(queue.destination())).mapToInt(NiFiClient.Queue::flowFiles).sum();
    }

    /** Warning bulletins of the raw landing saying that a write failed for now and went to its retry loop. */
    private static long retryWarnings(final NiFiClient client) {
        return client.bulletins().stream()
                .filter(bulletin -> LAND_RAW.equals(bulletin.path("sourceName").asText()))
                .filter(bulletin -> bulletin.path("message").asText().contains("routed to retry"))
                .count();
    }
}

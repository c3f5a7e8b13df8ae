package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The healthcare flow on a two-node NiFi 2.3.0 cluster (ZooKeeper in the test JVM): imported through node 1's REST API, the
 * deliveries into the lake pipeline load-balanced round robin, the lab pickup on the primary node only, each node's
 * listeners receiving half of the sample batches. Node 2 is killed with SIGKILL while the lake is being written and started
 * again. Afterwards the lake holds exactly the records sent (DuckDB per table), every Glue partition's location holds
 * objects, nothing is left queued, and provenance queried across the cluster shows every batch received once and the
 * lineage of each registered record set from its receipt to S3 and Glue.
 */
class HealthcareClusterIT {

    @RegisterExtension
    static final S3TestServer S3 = new S3TestServer();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 2;
    /** JVM system properties that the test's copy of the flow reads (ListenHTTP's Listening Port takes ENVIRONMENT EL). */
    private static final String HOSPITAL_PORT = "dataops.hospital.http.port";
    private static final String DEVICE_PORT = "dataops.device.http.port";
    private static final Set<String> LISTENERS = Set.of("Receive EHR resources", "Receive device vitals", "Pick up lab files");

    @TempDir
    static Path work;

    private static GlueStandIn glue;
    private static TestZooKeeper zooKeeper;
    private static NiFiCluster cluster;
    private static final List<int[]> INGEST_PORTS = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        glue = new GlueStandIn().start();
        zooKeeper = new TestZooKeeper(work.resolve("zookeeper"));
        for (int i = 0; i < NODES; i++) {
            INGEST_PORTS.add(new int[] {NiFiInstance.Builder.freePort(), NiFiInstance.Builder.freePort()});
        }
        cluster = NiFiCluster.start("healthcare-cluster", NODES, zooKeeper.connectString(), "1g", node -> List.of(
                "--enable-native-access=ALL-UNNAMED",
                "-D" + HOSPITAL_PORT + "=" + INGEST_PORTS.get(node)[0], "-D" + DEVICE_PORT + "=" + INGEST_PORTS.get(node)[1]));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        if (glue != null) {
            glue.close();
        }
    }

    @Test
    void testTwoNodesWithANodeKilledMidRunLandEachRecordOnceWithLineageAcrossTheCluster() throws Exception {
        final long started = System.nanoTime();
        final HealthcareLake lake = new HealthcareLake(S3, glue, work);
        final FlowDeployer deployer = lake.deployer(cluster.node(0).apiUri(), S3.endpoint(), withListenerPortPerNode());
        final NiFiClient client = cluster.node(0).client();
        final String groupId = deployer.deploy();
        client.awaitValidProcessors(groupId, Duration.ofSeconds(90));

        // Half of the batches to each node's listeners; lab files into the one drop directory both nodes see
        final List<SampleData.Batch> batches = SampleData.generate(HealthcareLake.SEED);
        int postedToNode1 = 0;
        for (int i = 0; i < batches.size(); i++) {
            final int[] ports = INGEST_PORTS.get(i % NODES);
            deployer.send(batches.get(i), ports[0], ports[1]);
            postedToNode1 += i % NODES == 0 && !"lab".equals(batches.get(i).source()) ? 1 : 0;
        }
        // Kill node 2 once the first objects are in the lake: part of the work done, the rest on its way
        NiFiClient.awaitCondition("the first objects in the lake", Duration.ofMinutes(3), () -> !S3.keys(HealthcareLake.BUCKET, "").isEmpty());
        final int inFlight = client.groupStatus(groupId).queued();
        final int landedBeforeKill = S3.keys(HealthcareLake.BUCKET, "").size();
        cluster.kill(1);
        System.out.printf("Node 2 killed with %d FlowFiles queued in the cluster and %d objects in the lake%n", inFlight, landedBeforeKill);
        assertThat(inFlight).as("FlowFiles queued when node 2 was killed (the kill must come mid-run)").isPositive();

        cluster.restart(1);
        cluster.awaitConnectedNodes(NODES, Duration.ofMinutes(3));
        final int parked = deployer.awaitSettled(groupId, Duration.ofMinutes(5));
        System.out.printf("Cluster settled %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());

        HealthcareLake.assertNothingQueued(client, groupId, parked);
        lake.assertLakeHoldsExactlyTheSamples(batches);
        lake.assertEveryPartitionLocationHoldsObjects();
        assertProvenanceAcrossTheCluster(client, postedToNode1);
        System.out.printf("HealthcareClusterIT done %d s after the import%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    /**
     * One provenance query without a node (NiFi asks every node and merges) holds events of both nodes; node 1, which was
     * never killed, shows one RECEIVE per batch posted to its listeners; for every record set registered in Glue, the lineage
     * on its node runs from the validation FORK through the S3 SEND of its writer to the registration, and on node 1 the
     * parents of that FORK reach back to a RECEIVE (the listener's, or the load balancer's when the batch came from node 2).
     * Node 2's events from before the kill are not asserted: after a SIGKILL NiFi 2.3.0 finds the node's Lucene index
     * defunct and rebuilds it in the background, and queries did not return those events (README, "On a cluster"); so a record
     * set validated on node 2 before the kill and registered after it has no FORK in its lineage.
     */
    private static void assertProvenanceAcrossTheCluster(final NiFiClient client, final int postedToNode1) {
        final String node1 = "127.0.0.1:" + cluster.node(0).httpPort();
        final Map<String, JsonNode> events = new HashMap<>();
        NiFiClient.awaitCondition("provenance of node 1's receipts and registrations", Duration.ofSeconds(90), () -> {
            client.provenanceEvents(10_000).forEach(event -> events.put(key(event), event));
            return listenerReceipts(events, node1).size() >= postedToNode1
                    && registrations(events).stream().anyMatch(event -> node1.equals(event.path("clusterNodeAddress").asText()));
        });
        System.out.println("Receipts per node: " + receipts(events).stream().collect(Collectors.groupingBy(
                event -> event.path("clusterNodeAddress").asText(), TreeMap::new, Collectors.counting())));
        assertThat(events.values().stream().map(event -> event.path("clusterNodeId").asText()).distinct())
                .as("nodes in one provenance query").hasSize(NODES);
        assertThat(listenerReceipts(events, node1)).as("RECEIVE events of node 1's listeners").hasSize(postedToNode1);

        final List<JsonNode> registrations = registrations(events);
        assertThat(registrations.stream().map(event -> event.path("componentName").asText()).distinct())
                .as("registrations").containsExactlyInAnyOrder("Register structured table", "Register curated table");
        for (final JsonNode registration : registrations) {
            final String node = registration.path("clusterNodeId").asText();
            final List<JsonNode> nodes = new ArrayList<>();
            client.lineage(registration.path("flowFileUuid").asText(), node).path("nodes").forEach(nodes::add);
            final Optional<JsonNode> validation = nodes.stream().filter(n -> "FORK".equals(n.path("eventType").asText())).findFirst();
            if (validation.isEmpty() && !node1.equals(registration.path("clusterNodeAddress").asText())) {
                // Validated on node 2 before the kill, registered after the restart: the FORK is one of the unindexed events
                System.out.printf("Lineage of %s on node 2 starts after the kill%n", registration.path("componentName").asText());
                continue;
            }
            final JsonNode fork = validation.orElseThrow(() -> new AssertionError("No FORK in the lineage of " + registration));
            client.parentLineage(fork.path("id").asLong(), node).path("nodes").forEach(nodes::add);
            final Map<String, Set<String>> byType = nodes.stream().filter(n -> "EVENT".equals(n.path("type").asText()))
                    .map(n -> events.get(node + "/" + n.path("id").asText())).filter(Objects::nonNull).distinct()
                    .collect(Collectors.groupingBy(event -> event.path("eventType").asText(), TreeMap::new,
                            Collectors.mapping(event -> event.path("componentName").asText(), Collectors.toCollection(TreeSet::new))));
            final String writer = registration.path("componentName").asText().contains("curated") ? "Write curated" : "Write structured";
            System.out.printf("Lineage of %s on %s: %s%n", registration.path("componentName").asText(),
                    registration.path("clusterNodeAddress").asText(), byType);
            if (node1.equals(registration.path("clusterNodeAddress").asText())) {
                assertThat(byType.get("RECEIVE")).as("RECEIVE in the lineage of %s on node 1", registration.path("componentName").asText())
                        .isNotEmpty();
            }
            assertThat(byType.get("SEND")).as("S3 SEND in the lineage").contains(writer);
            assertThat(byType.get("REMOTE_INVOCATION")).as("Glue REMOTE_INVOCATION in the lineage")
                    .contains(registration.path("componentName").asText());
        }
        System.out.printf("Lineage checked for %d registered record sets on %d nodes%n", registrations.size(),
                registrations.stream().map(event -> event.path("clusterNodeId").asText()).distinct().count());
    }

    /** Event ids are counted per node: an event is known by its node and id. */
    private static String key(final JsonNode event) {
        return event.path("clusterNodeId").asText() + "/" + event.path("eventId").asText();
    }

    private static List<JsonNode> receipts(final Map<String, JsonNode> events) {
        return events.values().stream().filter(event -> "RECEIVE".equals(event.path("eventType").asText()))
                .filter(event -> LISTENERS.contains(event.path("componentName").asText())).toList();
    }

    private static List<JsonNode> listenerReceipts(final Map<String, JsonNode> events, final String node) {
        return receipts(events).stream().filter(event -> node.equals(event.path("clusterNodeAddress").asText()))
                .filter(event -> !"Pick up lab files".equals(event.path("componentName").asText())).toList();
    }

    private static List<JsonNode> registrations(final Map<String, JsonNode> events) {
        return events.values().stream().filter(event -> "REMOTE_INVOCATION".equals(event.path("eventType").asText()))
                .filter(event -> event.path("componentName").asText().startsWith("Register ")).toList();
    }

    /**
     * The committed flow (which load-balances the deliveries into the pipeline and runs the lab pickup on the primary node),
     * with each ListenHTTP listening on the port its node's JVM names (see NiFiCluster#listenersOnJvmPorts).
     */
    private static Path withListenerPortPerNode() throws IOException {
        final JsonNode flow = JSON.readTree(HealthcareLake.committedFlow().toFile());
        final Map<String, String> loadBalanced = new TreeMap<>();
        final List<String> executionNodes = new ArrayList<>();
        for (final JsonNode source : flow.path("flowContents").path("processGroups")) {
            for (final JsonNode processor : source.path("processors")) {
                if (processor.path("type").asText().endsWith(".GetFile")) {
                    executionNodes.add(processor.path("executionNode").asText());
                }
            }
        }
        for (final JsonNode connection : flow.path("flowContents").path("connections")) {
            loadBalanced.put(connection.path("source").path("groupId").asText() + "->" + connection.path("destination").path("name").asText(),
                    connection.path("loadBalanceStrategy").asText());
        }
        assertThat(executionNodes).as("execution node of GetFile in the committed flow").containsExactly("PRIMARY");
        assertThat(loadBalanced).as("connections into the lake pipeline in the committed flow").hasSize(3)
                .allSatisfy((connection, strategy) -> assertThat(strategy).as(connection).isEqualTo("ROUND_ROBIN"));
        final Path changed = work.resolve("healthcare-listener-port-per-node.json");
        try {
            Files.write(changed, JSON.writeValueAsBytes(NiFiCluster.listenersOnJvmPorts(flow,
                    Map.of("#{hospital.http.port}", HOSPITAL_PORT, "#{device.http.port}", DEVICE_PORT))));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return changed;
    }
}

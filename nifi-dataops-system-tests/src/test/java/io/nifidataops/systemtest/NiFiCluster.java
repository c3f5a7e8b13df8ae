package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.nifiapi.NiFiClient;

import java.io.IOException;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * A NiFi 2.3.0 cluster of system-test instances on 127.0.0.1 with plain HTTP and an unsecured cluster protocol: for tests
 * only, a production cluster secures both with TLS. Each node has its own instance directory (conf, repositories, state,
 * work), REST, cluster-protocol and load-balance ports; they share the sensitive-properties key and a ZooKeeper.
 * <p>
 * Property names and meanings from NiFi 2.3.0's administration guide ("Clustering Configuration", "Cluster Node
 * Properties", "ZooKeeper Properties", "State Management") and the nifi.properties of nifi-resources.
 */
final class NiFiCluster implements AutoCloseable {

    /** Log lines about joining the cluster: connection requests, coordinator and flow elections, ZooKeeper, failures. */
    private static final Pattern CLUSTER_LOG = Pattern.compile(
            "StandardFlowService|NodeClusterCoordinator|LeaderElection|FlowElection|NodeProtocolSender|zookeeper|curator| WARN | ERROR ",
            Pattern.CASE_INSENSITIVE);
    /** The coordinator logs every heartbeat of a connecting node as a status change to the same status. */
    private static final Pattern REPEATED_STATUS = Pattern.compile("changed from (NodeConnectionStatus\\[[^\\]]*\\]) to \\1");

    private final String name;
    private final String maxHeap;
    private final List<Map<String, String>> nodeProperties = new ArrayList<>();
    private final List<Integer> httpPorts = new ArrayList<>();
    private final IntFunction<List<String>> jvmArguments;
    private final List<NiFiInstance> nodes = new ArrayList<>();

    private NiFiCluster(final String name, final String maxHeap, final IntFunction<List<String>> jvmArguments) {
        this.name = name;
        this.maxHeap = maxHeap;
        this.jvmArguments = jvmArguments;
    }

    /**
     * Starts {@code size} nodes at once (each waits in the flow election for the others) and returns once every one is
     * connected. {@code jvmArguments} gives the extra JVM arguments of node i (0-based), e.g. its own listening ports.
     * One node without a ZooKeeper is a standalone NiFi, for comparisons.
     */
    static NiFiCluster start(final String name, final int size, final String zooKeeper, final String maxHeap,
                             final IntFunction<List<String>> jvmArguments) {
        final NiFiCluster cluster = new NiFiCluster(name, maxHeap, jvmArguments);
        final String sensitiveKey = randomKey();
        try {
            for (int i = 0; i < size; i++) {
                final Map<String, String> properties = new LinkedHashMap<>();
                cluster.nodeProperties.add(properties);
                cluster.httpPorts.add(NiFiInstance.Builder.freePort());
                if (size == 1 && zooKeeper == null) {
                    continue;
                }
                properties.put("nifi.cluster.is.node", "true");
                properties.put("nifi.cluster.node.address", "127.0.0.1");
                properties.put("nifi.cluster.node.protocol.port", Integer.toString(NiFiInstance.Builder.freePort()));
                properties.put("nifi.cluster.protocol.is.secure", "false");
                properties.put("nifi.cluster.load.balance.host", "127.0.0.1");
                properties.put("nifi.cluster.load.balance.port", Integer.toString(NiFiInstance.Builder.freePort()));
                // Elect the flow as soon as both nodes have voted instead of waiting out the default 5 minutes
                properties.put("nifi.cluster.flow.election.max.candidates", Integer.toString(size));
                properties.put("nifi.cluster.flow.election.max.wait.time", "1 min");
                // A killed node is noticed after 8 missed heartbeats: 16 s instead of the default 40 s
                properties.put("nifi.cluster.protocol.heartbeat.interval", "2 sec");
                properties.put(NiFiConfiguration.ZOOKEEPER_CONNECT, zooKeeper);
                // Two NiFis and the test share two cores: the default 3 s would expire sessions of a busy node
                properties.put("nifi.zookeeper.connect.timeout", "10 secs");
                properties.put("nifi.zookeeper.session.timeout", "10 secs");
                properties.put("nifi.zookeeper.root.node", "/nifi-" + name);
                properties.put("nifi.cluster.node.connection.timeout", "10 secs");
                properties.put("nifi.cluster.node.read.timeout", "30 secs");
                properties.put("nifi.sensitive.props.key", sensitiveKey);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final List<CompletableFuture<NiFiInstance>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            final int node = i;
            starting.add(CompletableFuture.supplyAsync(() -> cluster.builder(node).cleanStart().start()));
        }
        try {
            starting.forEach(future -> cluster.nodes.add(future.join()));
            if (size > 1) {
                cluster.awaitConnectedNodes(size, Duration.ofMinutes(3));
            }
        } catch (final RuntimeException e) {
            starting.forEach(future -> future.thenAccept(NiFiInstance::close));
            throw e;
        }
        return cluster;
    }

    NiFiInstance node(final int index) {
        return nodes.get(index);
    }

    /** Kills node {@code index} as a power cut or the OOM killer would: SIGKILL, no shutdown hook, nothing flushed. */
    void kill(final int index) {
        final ProcessHandle process = nodes.get(index).processHandle();
        process.destroyForcibly();
        process.onExit().join();
        nodes.get(index).close();
    }

    /** Starts node {@code index} again on its instance directory and ports: it rejoins with its repositories. */
    NiFiInstance restart(final int index) {
        final NiFiInstance node = builder(index).start();
        nodes.set(index, node);
        return node;
    }

    /**
     * Waits until the cluster reports {@code count} connected nodes, asking the first node. Requests fail while a node is
     * lost and not yet marked disconnected (NiFi replicates them to every node it believes connected): those polls count as no.
     * A node that exits fails the wait at once, with its log: NiFi loads a node's flow, joining the cluster, only after its web
     * application is up (JettyServer.start), so a node can exit after answering.
     */
    void awaitConnectedNodes(final int count, final Duration timeout) {
        try {
            NiFiClient.awaitCondition(count + " connected nodes in cluster " + name, timeout, () -> {
                for (int i = 0; i < nodes.size(); i++) {
                    if (!nodes.get(i).processHandle().isAlive()) {
                        throw new IllegalStateException(nodeName(i) + " exited while the cluster formed\n" + nodes.get(i).logTail());
                    }
                }
                try {
                    return nodes.getFirst().client().clusterSummary().path("connectedNodeCount").asInt() == count;
                } catch (final RuntimeException notAnsweringYet) {
                    return false;
                }
            });
        } catch (final IllegalStateException timedOut) {
            throw new IllegalStateException(timedOut.getMessage() + "\n" + clusterState(), timedOut);
        }
    }

    /** What each node says of the cluster, and its log of connecting, elections and ZooKeeper: why a node did not join. */
    private String clusterState() {
        final StringBuilder state = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            final NiFiInstance node = nodes.get(i);
            state.append("--- ").append(nodeName(i)).append(node.processHandle().isAlive() ? " running" : " exited")
                    .append(", its cluster summary: ");
            try {
                state.append(node.client().clusterSummary());
            } catch (final RuntimeException e) {
                state.append(e.getMessage());
            }
            state.append('\n');
            node.appLogLines(line -> CLUSTER_LOG.matcher(line).find() && !REPEATED_STATUS.matcher(line).find(), 80)
                    .forEach(line -> state.append(line).append('\n'));
        }
        return state.toString();
    }

    Path instanceDir(final int index) {
        return Path.of(System.getProperty("nifi.instance.dir") + "-" + nodeName(index));
    }

    /**
     * Points each ListenHTTP of a flow definition whose Listening Port is one of the keys at the JVM system property named by
     * its value ({@code ${property}}, ENVIRONMENT scope): two nodes on one host cannot bind the same port, while a parameter
     * has one value for the whole cluster. On separate hosts the flow needs no change.
     */
    static JsonNode listenersOnJvmPorts(final JsonNode flow, final Map<String, String> portToProperty) {
        flow.findParents("Listening Port").forEach(properties -> {
            final String property = portToProperty.get(properties.path("Listening Port").asText());
            if (property != null) {
                ((ObjectNode) properties).put("Listening Port", "${" + property + "}");
            }
        });
        return flow;
    }

    private String nodeName(final int index) {
        return name + "-node" + (index + 1);
    }

    private NiFiInstance.Builder builder(final int index) {
        final NiFiInstance.Builder builder = SystemTestNiFi.builder(nodeName(index), maxHeap,
                jvmArguments.apply(index).toArray(String[]::new)).httpPort(httpPorts.get(index)).startTimeout(Duration.ofMinutes(4));
        nodeProperties.get(index).forEach(builder::property);
        return builder;
    }

    @Override
    public void close() {
        nodes.forEach(NiFiInstance::close);
    }

    private static String randomKey() {
        final byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}

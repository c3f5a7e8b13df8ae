package io.nifidataops.systemtest;

import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A standalone ZooKeeper server (the zookeeper jar from Maven Central) in the test JVM on a free 127.0.0.1 port. It lives
 * outside every NiFi node, as a production ensemble does: killing a node does not take the cluster's coordination with it,
 * which NiFi's embedded ZooKeeper (nifi.state.management.embedded.zookeeper.start) would.
 */
final class TestZooKeeper implements AutoCloseable {

    private static final int TICK_MILLIS = 2000;
    private static final int MAX_CLIENT_CONNECTIONS = 60;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;

    TestZooKeeper(final Path dataDir) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_MILLIS);
        connections = ServerCnxnFactory.createFactory(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), MAX_CLIENT_CONNECTIONS);
        connections.startup(server);
    }

    /** The value of nifi.zookeeper.connect.string and of the zk-provider's Connect String. */
    String connectString() {
        return "127.0.0.1:" + connections.getLocalPort();
    }

    @Override
    public void close() {
        connections.shutdown();
        server.shutdown();
    }
}

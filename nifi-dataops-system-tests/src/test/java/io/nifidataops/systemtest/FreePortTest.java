package io.nifidataops.systemtest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortTest {

    @Test
    void portsAreDistinctBindableAndOutsideTheRangeOfOutgoingConnections() throws IOException {
        final int ephemeralStart = ephemeralPortsStart();
        final Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            final int port = NiFiInstance.Builder.freePort();
            assertThat(port).isBetween(1024, ephemeralStart - 1);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        final int port = NiFiInstance.Builder.freePort();
        try (ServerSocket bound = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(bound.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void aPortSomeoneListensOnIsSkipped() throws IOException {
        int probe;
        do {
            // not at the top of the range, where the allocator wraps and the ports above belong to outgoing connections
            probe = NiFiInstance.Builder.freePort();
        } while (probe + 2 >= ephemeralPortsStart());
        // Occupy the next ports the allocator would look at; it must step over them
        try (ServerSocket next = new ServerSocket(probe + 1, 1, InetAddress.getLoopbackAddress());
             ServerSocket afterNext = new ServerSocket(probe + 2, 1, InetAddress.getLoopbackAddress())) {
            final int port = NiFiInstance.Builder.freePort();
            assertThat(port).isNotIn(next.getLocalPort(), afterNext.getLocalPort());
        }
    }

    private static int ephemeralPortsStart() throws IOException {
        return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
    }
}

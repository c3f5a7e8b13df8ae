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
        final int ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+")[0]);
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
        final int probe = NiFiInstance.Builder.freePort();
        // Occupy the next ports the allocator would look at; it must step over them
        try (ServerSocket next = new ServerSocket(probe + 1, 1, InetAddress.getLoopbackAddress());
             ServerSocket afterNext = new ServerSocket(probe + 2, 1, InetAddress.getLoopbackAddress())) {
            final int port = NiFiInstance.Builder.freePort();
            assertThat(port).isNotIn(next.getLocalPort(), afterNext.getLocalPort());
        }
    }
}

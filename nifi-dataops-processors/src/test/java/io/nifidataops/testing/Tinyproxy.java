package io.nifidataops.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's tinyproxy, an HTTP proxy, started on 127.0.0.1 with its own configuration and log (Basic authentication
 * required), so a test can show which requests went through it. Under CI it must be installed ({@code .ci/run} does);
 * elsewhere {@link #isInstalled()} lets a test skip.
 */
public final class Tinyproxy implements AutoCloseable {

    public static final String USER = "lake-proxy-user";
    public static final String PASSWORD = "lake-proxy-password";

    private final Process process;
    private final int port;
    private final Path log;

    private Tinyproxy(final Process process, final int port, final Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/tinyproxy"));
    }

    public static Tinyproxy start(final Path directory) throws IOException, InterruptedException {
        final int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        final Path log = directory.resolve("tinyproxy.log");
        final Path config = directory.resolve("tinyproxy.conf");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "Listen 127.0.0.1",
                "Timeout 60",
                "LogFile \"" + log + "\"",
                "LogLevel Info",
                "MaxClients 20",
                "Allow 127.0.0.1",
                "BasicAuth " + USER + " " + PASSWORD,
                "DisableViaHeader Yes",
                ""), StandardCharsets.UTF_8);
        final Process process = new ProcessBuilder("/usr/bin/tinyproxy", "-d", "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("tinyproxy.out").toFile()).start();
        final Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return new Tinyproxy(process, port, log);
            } catch (final IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("tinyproxy exited: " + Files.readString(directory.resolve("tinyproxy.out")));
                }
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IOException("tinyproxy did not listen on " + port);
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The requests tinyproxy logged, e.g. {@code PUT http://127.0.0.1:9090/bucket/key HTTP/1.1}. */
    public List<String> requests() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("Request (file descriptor"))
                .map(line -> line.substring(line.indexOf("): ") + 3).strip())
                .toList();
    }

    /** Log lines that say a client failed authentication. */
    public List<String> refusals() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(line -> line.contains("407") || line.contains("uthenticat")).toList()
                : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

package io.nifidataops.systemtest;

import io.nifidataops.nifiapi.NiFiAccess;
import io.nifidataops.nifiapi.NiFiClient;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One NiFi 2.x process started from an assembled install (its {@code lib/}) without NiFi's bootstrap, which is not
 * published to Maven Central. The instance directory holds everything it writes: conf/, repositories, work/, logs/.
 * The process is stopped by {@link #close()}, and by a shutdown hook if the caller never gets there.
 */
public final class NiFiInstance implements AutoCloseable {

    private static final String MAIN_CLASS = "org.apache.nifi.NiFi";
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(60);
    /**
     * NiFi writes a flow change to flow.json.gz half a second after it is made (nifi.flowservice.writedelay.interval), from a
     * task that looks every half second (StandardFlowService). A write still pending when shutdown begins is done after
     * shutdown has stopped every processor, so the restarted NiFi would keep them all stopped: let it happen first.
     */
    private static final Duration PENDING_FLOW_WRITE = Duration.ofMillis(1500);
    private static final String STDOUT_LOG = "nifi-stdout.log";

    private final NiFiConfiguration conf;
    private final int httpPort;
    private final boolean https;
    private final Process process;
    private final Thread shutdownHook;
    private final NiFiClient client;

    private NiFiInstance(final NiFiConfiguration conf, final int httpPort, final Https https, final Process process) {
        this.conf = conf;
        this.httpPort = httpPort;
        this.https = https != null;
        this.process = process;
        this.shutdownHook = Thread.ofPlatform().name("stop-nifi-" + process.pid()).unstarted(this::stopProcess);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.client = new NiFiClient(apiUri(), https == null ? NiFiAccess.none() : https.clientAccess());
    }

    /**
     * HTTPS with client-certificate authentication and NiFi's file-based authorizer: the server's keystore and the truststore
     * (PKCS12, one password) that NiFi uses for its web server and to verify client certificates; {@code initialAdmin} is the
     * client certificate's subject, which NiFi's file-access-policy-provider grants the administrator's policies; the
     * instance's own client (see {@link #client()}) connects with {@code clientAccess}.
     */
    public record Https(Path keyStore, Path trustStore, String storePassword, String initialAdmin, NiFiAccess clientAccess) {
    }

    public static Builder builder(final Path nifiHome, final Path instanceDir) {
        return new Builder(nifiHome, instanceDir);
    }

    public URI apiUri() {
        return URI.create(scheme() + "://127.0.0.1:" + httpPort + "/nifi-api/");
    }

    /** The canvas; append {@code #/process-groups/<id>} to open a group. */
    public URI uiUri() {
        return URI.create(scheme() + "://127.0.0.1:" + httpPort + "/nifi/");
    }

    private String scheme() {
        return https ? "https" : "http";
    }

    /** The nifi.properties NiFi runs with. */
    public Path propertiesFile() {
        return conf.propertiesFile();
    }

    public NiFiClient client() {
        return client;
    }

    public int httpPort() {
        return httpPort;
    }

    public ProcessHandle processHandle() {
        return process.toHandle();
    }

    public Path appLog() {
        return conf.logDir().resolve("nifi-app.log");
    }

    /** NARs copied here load into the running NiFi within seconds. */
    public Path autoloadDir() {
        return conf.autoloadDir();
    }

    /** Stops NiFi gracefully once its pending flow write is done (SIGTERM runs its shutdown hook), forcibly if that takes too long. Idempotent. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (final IllegalStateException jvmAlreadyShuttingDown) {
            // the hook is running or ran: nothing left to remove
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        try {
            Thread.sleep(PENDING_FLOW_WRITE);
            process.destroy();
            if (!process.waitFor(GRACEFUL_STOP.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRestApi(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("NiFi exited with " + process.exitValue() + " while starting\n" + logTail());
            }
            if (client.isUp()) {
                return;
            }
            sleep(Duration.ofMillis(500));
        }
        throw new IllegalStateException("NiFi REST API did not answer within " + timeout + "\n" + logTail());
    }

    /**
     * Enables the group's controller services and starts the group once its processors are valid; when one stays invalid,
     * the failure carries NiFi's log tail, which says why.
     */
    public void startGroupWhenValid(final String groupId) {
        final NiFiClient client = client();
        client.enableControllerServices(groupId, Duration.ofSeconds(90));
        try {
            client.awaitValidProcessors(groupId, Duration.ofSeconds(60));
        } catch (final IllegalStateException e) {
            throw new AssertionError(e.getMessage() + "\n" + logTail(), e);
        }
        client.startProcessGroup(groupId);
    }

    /** The last lines of the app log and of the process output, for failure messages. */
    public String logTail() {
        final StringBuilder tail = new StringBuilder();
        for (final Path log : List.of(appLog(), conf.logDir().resolve(STDOUT_LOG))) {
            tail.append("--- ").append(log).append('\n');
            lastLines(log, line -> true, 40).forEach(line -> tail.append(line).append('\n'));
        }
        return tail.toString();
    }

    /** The last {@code max} lines of the app log that {@code wanted} keeps, for failure messages. */
    public List<String> appLogLines(final Predicate<String> wanted, final int max) {
        return lastLines(appLog(), wanted, max);
    }

    private static List<String> lastLines(final Path log, final Predicate<String> wanted, final int max) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            final List<String> kept = lines.filter(wanted).toList();
            return kept.subList(Math.max(0, kept.size() - max), kept.size());
        } catch (final IOException | UncheckedIOException e) {
            return List.of(log + " unreadable: " + e.getMessage());
        }
    }

    static void sleep(final Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Settings of an instance; {@link #start()} writes conf/, launches NiFi and returns once REST answers. */
    public static final class Builder {
        private static final int FIRST_FIXED_PORT = 10000;
        private static final int DEFAULT_EPHEMERAL_PORTS_START = 32768;
        private static final Path EPHEMERAL_PORT_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        /** Ports from here up are the kernel's to give outgoing connections. */
        private static final int EPHEMERAL_PORTS_START = ephemeralPortsStart();
        /** Where this JVM starts handing out ports: random, so that two test runs on one machine rarely meet. */
        private static int nextPort = FIRST_FIXED_PORT + new SecureRandom().nextInt(EPHEMERAL_PORTS_START - FIRST_FIXED_PORT);

        private final Path nifiHome;
        private final Path instanceDir;
        private Path javaHome = defaultJavaHome();
        private String maxHeap = "768m";
        private Duration startTimeout = Duration.ofMinutes(3);
        private final List<Path> extensionNars = new ArrayList<>();
        private final List<String> jvmArguments = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private int httpPort;
        private boolean cleanStart;
        private Https https;

        private Builder(final Path nifiHome, final Path instanceDir) {
            this.nifiHome = nifiHome.toAbsolutePath().normalize();
            this.instanceDir = instanceDir.toAbsolutePath().normalize();
        }

        /** A JDK or JRE of version 21 or newer; by default JAVA_HOME, else the running JVM. */
        public Builder javaHome(final Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome);
            return this;
        }

        public Builder maxHeap(final String maxHeap) {
            this.maxHeap = Objects.requireNonNull(maxHeap);
            return this;
        }

        public Builder startTimeout(final Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout);
            return this;
        }

        /** A NAR copied into the autoload directory: NiFi loads it a few seconds after it starts. */
        public Builder extensionNar(final Path nar) {
            extensionNars.add(nar);
            return this;
        }

        /** Deletes the instance directory first, so NiFi starts with an empty flow and empty repositories. */
        public Builder cleanStart() {
            this.cleanStart = true;
            return this;
        }

        public Builder jvmArgument(final String argument) {
            jvmArguments.add(argument);
            return this;
        }

        /** A nifi.properties value over the template's, e.g. the cluster settings of a node. */
        public Builder property(final String name, final String value) {
            properties.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        /** Serves HTTPS only (on the port {@link #httpPort} names) with the given stores and authorizer; see {@link Https}. */
        public Builder https(final Https https) {
            this.https = Objects.requireNonNull(https);
            return this;
        }

        /** The REST port; a free one by default. A cluster node keeps its port across restarts: it is part of its identity. */
        public Builder httpPort(final int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        public NiFiInstance start() {
            final Path java = javaHome.resolve("bin/java");
            requireJava21(javaHome);
            final NiFiConfiguration conf = new NiFiConfiguration(nifiHome, instanceDir);
            runningOn(conf.propertiesFile()).ifPresent(pid -> {
                throw new IllegalStateException("NiFi pid " + pid + " already runs on " + instanceDir + " (left by a killed run?)");
            });
            try {
                if (cleanStart) {
                    FileTrees.deleteRecursively(instanceDir);
                }
                final int httpPort = this.httpPort > 0 ? this.httpPort : freePort();
                final int managementPort = freePort();
                final Map<String, String> nifiProperties = new LinkedHashMap<>(properties);
                if (https != null) {
                    nifiProperties.putAll(conf.writeHttps(httpPort, https.keyStore(), https.trustStore(), https.storePassword(),
                            https.initialAdmin()));
                }
                conf.write(httpPort, nifiProperties);
                for (final Path nar : extensionNars) {
                    Files.copy(nar, conf.autoloadDir().resolve(nar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }

                final List<String> command = new ArrayList<>(List.of(
                        java.toString(),
                        "--class-path", nifiHome.resolve("lib") + File.separator + "*" + File.pathSeparator + conf.confDir(),
                        "-Xms" + maxHeap, "-Xmx" + maxHeap,
                        "-Djava.awt.headless=true",
                        "-Djava.protocol.handler.pkgs=sun.net.www.protocol",
                        "-Dsun.net.http.allowRestrictedHeaders=true",
                        "-Djavax.security.auth.useSubjectCredsOnly=true",
                        // bundled native libraries (zstd, snappy, brotli) would warn on every load otherwise
                        "--enable-native-access=ALL-UNNAMED",
                        "-Dnifi.properties.file.path=" + conf.propertiesFile(),
                        "-Dorg.apache.nifi.bootstrap.config.log.dir=" + conf.logDir(),
                        // NiFi's management server defaults to the fixed port 52020: give each instance its own
                        "-Dorg.apache.nifi.management.server.address=127.0.0.1:" + managementPort));
                command.addAll(jvmArguments);
                command.add(MAIN_CLASS);

                final Path stdout = conf.logDir().resolve(STDOUT_LOG);
                final Process process = new ProcessBuilder(command)
                        .directory(instanceDir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(stdout.toFile())
                        .start();
                final NiFiInstance instance = new NiFiInstance(conf, httpPort, https, process);
                try {
                    instance.awaitRestApi(startTimeout);
                } catch (final RuntimeException e) {
                    instance.close();
                    throw e;
                }
                return instance;
            } catch (final IOException e) {
                throw new UncheckedIOException("Starting NiFi from " + nifiHome + " in " + instanceDir + " failed", e);
            }
        }

        /** A NiFi process of any owner that runs on these properties. */
        private static Optional<Long> runningOn(final Path propertiesFile) {
            final String argument = "-Dnifi.properties.file.path=" + propertiesFile;
            return ProcessHandle.allProcesses()
                    .filter(process -> process.info().arguments().map(args -> List.of(args).contains(argument)).orElse(false))
                    .map(ProcessHandle::pid)
                    .findFirst();
        }

        private static Path defaultJavaHome() {
            return Optional.ofNullable(System.getenv("JAVA_HOME")).map(Path::of)
                    .orElseGet(() -> Path.of(System.getProperty("java.home")));
        }

        private static void requireJava21(final Path javaHome) {
            final int feature = javaFeatureVersion(javaHome);
            if (feature < 21) {
                throw new IllegalStateException("NiFi 2 needs Java 21 or newer; " + javaHome + " is Java " + feature);
            }
        }

        /** Reads JAVA_VERSION from the JDK's release file, e.g. {@code JAVA_VERSION="25.0.1"} gives 25. */
        static int javaFeatureVersion(final Path javaHome) {
            try {
                return Files.readAllLines(javaHome.resolve("release")).stream()
                        .filter(line -> line.startsWith("JAVA_VERSION="))
                        .map(line -> line.replaceAll("JAVA_VERSION=\"?(\\d+).*", "$1"))
                        .map(Integer::parseInt)
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("No JAVA_VERSION in " + javaHome.resolve("release")));
            } catch (final IOException e) {
                throw new UncheckedIOException("Not a Java home: " + javaHome, e);
            }
        }

        /**
         * A 127.0.0.1 port nothing listens on, for a server that starts later. It is taken below the kernel's ephemeral range,
         * each port once until the range wraps: a port of that range (what {@code new ServerSocket(0)} gives) can become the
         * local end of an outgoing connection, a NiFi node's to ZooKeeper say, before the server binds it, which then fails
         * with "Address already in use" (a node of a two-node cluster exited that way in 1 of 8 cluster starts).
         */
        public static synchronized int freePort() throws IOException {
            for (int tried = FIRST_FIXED_PORT; tried < EPHEMERAL_PORTS_START; tried++) {
                final int port = nextPort;
                nextPort = port + 1 < EPHEMERAL_PORTS_START ? port + 1 : FIRST_FIXED_PORT;
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return socket.getLocalPort();
                } catch (final IOException inUse) {
                    // someone listens there: try the next one
                }
            }
            throw new IOException("No free port between " + FIRST_FIXED_PORT + " and " + EPHEMERAL_PORTS_START);
        }

        /**
         * The first port of net.ipv4.ip_local_port_range, the range the kernel takes outgoing connections' ports from. Read by
         * lines: Files.readString of this /proc file returns its first character only (JDK 25).
         */
        private static int ephemeralPortsStart() {
            try {
                final int start = Integer.parseInt(Files.readAllLines(EPHEMERAL_PORT_RANGE).getFirst().trim().split("\\s+")[0]);
                return Math.max(start, FIRST_FIXED_PORT + 1000);
            } catch (final IOException | RuntimeException notLinux) {
                return DEFAULT_EPHEMERAL_PORTS_START;
            }
        }
    }
}

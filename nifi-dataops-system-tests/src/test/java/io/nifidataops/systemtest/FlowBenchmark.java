package io.nifidataops.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.healthcare.FlowDeployer;
import io.nifidataops.healthcare.HealthcareFlow;
import io.nifidataops.healthcare.ReferenceFlow;
import io.nifidataops.healthcare.SampleData;
import io.nifidataops.nifiapi.NiFiClient;
import io.nifidataops.testing.GlueStandIn;
import io.nifidataops.testing.S3TestServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The flow benchmark (README, "Flow benchmark"; {@code nifi-dataops-benchmarks/run.sh flow}): pushes N valid vital-sign
 * records, as NDJSON batches posted to ListenHTTP, through the healthcare flow in the real NiFi 2.3.0 on one node and on a
 * two-node cluster, and through {@link ReferenceFlow} (NiFi's own processors in the same shape) the same way, for N and
 * 10 x N. For each run it prints records/s (first POST to the flow settled), records per CPU-second of the NiFi processes,
 * the peak of NiFi's used heap (sampled) and the peak and final size of the content, FlowFile and provenance repositories.
 * S3 (S3Mock), the Glue stand-in, ZooKeeper and the sender run in this JVM, on the same cores, and are not counted as CPU.
 * <p>
 * Options: --records=N (1000000), --scales=1,10, --topologies=single,cluster, --flows=healthcare,reference,
 * --batch-records=10000, --heap=2g, --project=DIR, --work-dir=DIR, --jfr=DIR (a flight recording per node, for a profile); the
 * NiFi install and JDK from -Dnifi.home and -Dnifi.java.home.
 */
public final class FlowBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEVICE_PORT = "dataops.device.http.port";
    private static final String HOSPITAL_PORT = "dataops.hospital.http.port";
    private static final List<String> REPOSITORIES = List.of("content_repository", "flowfile_repository", "provenance_repository");
    private static final int PATIENTS = 20_000;
    private static final String[] ACTIVITIES = {"rest", "walk", "run", "sleep"};

    record Result(String flow, String topology, long records, double seconds, double nifiCpuSeconds, long peakHeap, long maxHeap,
                  long peakRepositories, long finalRepositories) {
        double recordsPerSecond() {
            return records / seconds;
        }

        double recordsPerCpuSecond() {
            return records / nifiCpuSeconds;
        }
    }

    private final Map<String, String> options;
    private final Path work;
    private final Path project;
    private long batchesSent;

    private FlowBenchmark(final Map<String, String> options) {
        this.options = options;
        this.work = Path.of(options.getOrDefault("work-dir", "target/flow-benchmark")).toAbsolutePath();
        this.project = Path.of(options.getOrDefault("project", "..")).toAbsolutePath().normalize();
    }

    /** Each node's JVM arguments; with --jfr=DIR, a Java Flight Recording of the node (profile settings), written when it stops. */
    private List<String> jvmArguments(final String name, final int node, final int[] ports) {
        final List<String> arguments = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-D" + HOSPITAL_PORT + "=" + ports[0], "-D" + DEVICE_PORT + "=" + ports[1]));
        if (options.containsKey("jfr")) {
            final Path recording = Path.of(options.get("jfr")).toAbsolutePath().resolve(name + "-node" + node + ".jfr");
            arguments.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
        }
        return arguments;
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new TreeMap<>();
        for (final String arg : args) {
            final String[] pair = arg.replaceFirst("^--", "").split("=", 2);
            options.put(pair[0], pair.length > 1 ? pair[1] : "true");
        }
        final FlowBenchmark benchmark = new FlowBenchmark(options);
        System.setProperty("nifi.instance.dir", benchmark.work.resolve("nifi").toString());
        final List<Result> results = new ArrayList<>();
        for (final String flow : list(options, "flows", "healthcare,reference")) {
            for (final String topology : list(options, "topologies", "single,cluster")) {
                results.addAll(benchmark.run(flow, topology));
            }
        }
        print(results);
    }

    private List<Result> run(final String flow, final String topology) throws Exception {
        final long records = Long.parseLong(options.getOrDefault("records", "1000000"));
        final int batchRecords = Integer.parseInt(options.getOrDefault("batch-records", "10000"));
        final String heap = options.getOrDefault("heap", "2g");
        final int nodes = "cluster".equals(topology) ? 2 : 1;
        final List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            ports.add(new int[] {NiFiInstance.Builder.freePort(), NiFiInstance.Builder.freePort()});
        }
        final String name = "bench-" + flow + "-" + topology;
        final List<Result> results = new ArrayList<>();
        batchesSent = 0;
        try (S3TestServer s3 = new S3TestServer().start(); GlueStandIn glue = new GlueStandIn().start();
             TestZooKeeper zooKeeper = new TestZooKeeper(work.resolve(name + "-zookeeper"));
             NiFiCluster nifi = NiFiCluster.start(name, nodes, nodes > 1 ? zooKeeper.connectString() : null, heap, node -> jvmArguments(
                     name, node, ports.get(node)))) {
            final NiFiClient client = nifi.node(0).client();
            final Path outputDir = work.resolve(name + "-output");
            final String groupId = "healthcare".equals(flow) ? deployHealthcare(nifi, s3, glue, name) : deployReference(client, outputDir);
            client.awaitValidProcessors(groupId, Duration.ofSeconds(120));
            for (final String scale : list(options, "scales", "1,10")) {
                final long n = records * Long.parseLong(scale);
                System.out.printf("%s on %s: %,d records...%n", flow, topology, n);
                final Result result = measure(flow, topology, nifi, nodes, groupId, n, batchRecords,
                        ports.stream().map(p -> p[1]).toList());
                verify(flow, s3, outputDir, nodes);
                System.out.printf("  %.1f s, %,.0f records/s, %,.0f records per NiFi CPU-second%n", result.seconds(),
                        result.recordsPerSecond(), result.recordsPerCpuSecond());
                results.add(result);
            }
        }
        return results;
    }

    private String deployHealthcare(final NiFiCluster nifi, final S3TestServer s3, final GlueStandIn glue, final String name) throws IOException {
        final JsonNode committed = JSON.readTree(project.resolve(HealthcareFlow.RELATIVE_PATH).toFile());
        final Path flow = work.resolve(name + "-flow.json");
        Files.createDirectories(work);
        Files.write(flow, JSON.writeValueAsBytes(NiFiCluster.listenersOnJvmPorts(committed,
                Map.of("#{hospital.http.port}", HOSPITAL_PORT, "#{device.http.port}", DEVICE_PORT))));
        final FlowDeployer deployer = new FlowDeployer(FlowDeployer.parse(new String[] {
                "--nifi-api", nifi.node(0).apiUri().toString(), "--flow", flow.toString(),
                "--s3-endpoint", s3.endpoint().toString(), "--glue-endpoint", glue.endpoint().toString(),
                "--region", S3TestServer.REGION, "--access-key", S3TestServer.ACCESS_KEY_ID, "--secret-key", S3TestServer.SECRET_ACCESS_KEY,
                "--bucket", "lake", "--suite-dir", project.resolve("flow-templates/suites").toString(),
                "--views-dir", project.resolve("flow-templates/views").toString(),
                "--model-file", project.resolve("flow-templates/model/vitals-risk.onnx").toString(),
                "--lab-dir", work.resolve(name + "-lab-drop").toString(), "--create-bucket"}));
        return deployer.deploy();
    }

    private static String deployReference(final NiFiClient client, final Path outputDir) throws IOException {
        final String groupId = client.uploadFlowDefinition(client.rootGroupId(), ReferenceFlow.NAME,
                ReferenceFlow.json("${" + DEVICE_PORT + "}", outputDir.toString()).getBytes(StandardCharsets.UTF_8), 0, 0);
        client.enableControllerServices(groupId, Duration.ofSeconds(120));
        client.startProcessGroup(groupId);
        return groupId;
    }

    /** Posts {@code records} in batches, alternating between the nodes' listeners on two threads, and waits for the flow to settle. */
    private Result measure(final String flow, final String topology, final NiFiCluster nifi, final int nodes, final String groupId,
                           final long records, final int batchRecords, final List<Integer> devicePorts) throws Exception {
        final NiFiClient client = nifi.node(0).client();
        final List<ProcessHandle> processes = new ArrayList<>();
        final List<Path> repositories = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            processes.add(nifi.node(i).processHandle());
            for (final String repository : REPOSITORIES) {
                repositories.add(nifi.instanceDir(i).resolve(repository));
            }
        }
        final AtomicLong peakHeap = new AtomicLong();
        final AtomicLong maxHeap = new AtomicLong();
        final AtomicLong peakRepositories = new AtomicLong();
        final long cpuBefore = cpuNanos(processes);
        final long started = System.nanoTime();
        final long batches = (records + batchRecords - 1) / batchRecords;
        final FlowDeployer sender = new FlowDeployer(FlowDeployer.parse(new String[] {"--nifi-api", nifi.node(0).apiUri().toString()}));
        final ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            final List<Future<?>> sent = new ArrayList<>();
            for (long batch = 0; batch < batches; batch++) {
                final long index = batchesSent + batch;
                final int count = (int) Math.min(batchRecords, records - batch * batchRecords);
                final int port = devicePorts.get((int) (batch % nodes));
                sent.add(senders.submit(() -> {
                    sender.send(vitals(index, count), 0, port);
                    return null;
                }));
                if (sent.size() % 8 == 0) {
                    sample(client, repositories, peakHeap, maxHeap, peakRepositories);
                }
            }
            for (final Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdown();
        }
        batchesSent += batches;
        final int[] quietPolls = {0};
        final long[] quietSince = {0};
        NiFiClient.awaitCondition(flow + " to settle", Duration.ofHours(2), () -> {
            sample(client, repositories, peakHeap, maxHeap, peakRepositories);
            final NiFiClient.GroupStatus status = client.groupStatus(groupId);
            if (status.activeThreads() == 0 && status.queued() == 0) {
                if (quietPolls[0]++ == 0) {
                    quietSince[0] = System.nanoTime();
                }
            } else {
                quietPolls[0] = 0;
            }
            return quietPolls[0] >= 3;
        });
        final double seconds = (quietSince[0] - started) / 1e9;
        final double cpuSeconds = (cpuNanos(processes) - cpuBefore) / 1e9;
        return new Result(flow, topology, records, seconds, cpuSeconds, peakHeap.get(), maxHeap.get(), peakRepositories.get(),
                size(repositories));
    }

    /** Every batch posted so far went through: one raw object each (healthcare) or one file each (reference), none parked. */
    private void verify(final String flow, final S3TestServer s3, final Path outputDir, final int nodes) throws IOException {
        final long arrived;
        if ("healthcare".equals(flow)) {
            arrived = s3.keys("lake", "raw/device/vitals/").size();
        } else {
            try (Stream<Path> files = Files.list(outputDir)) {
                arrived = files.count();
            }
        }
        if (arrived != batchesSent) {
            throw new IllegalStateException(flow + " on " + nodes + " node(s): " + arrived + " batches arrived of " + batchesSent + " sent");
        }
    }

    private static void sample(final NiFiClient client, final List<Path> repositories, final AtomicLong peakHeap, final AtomicLong maxHeap,
                               final AtomicLong peakRepositories) {
        // In a cluster the aggregate snapshot sums the nodes' heaps
        final JsonNode diagnostics = client.get("system-diagnostics").path("systemDiagnostics").path("aggregateSnapshot");
        peakHeap.accumulateAndGet(diagnostics.path("usedHeapBytes").asLong(), Math::max);
        maxHeap.set(diagnostics.path("maxHeapBytes").asLong());
        peakRepositories.accumulateAndGet(size(repositories), Math::max);
    }

    private static long size(final List<Path> directories) {
        long bytes = 0;
        for (final Path directory : directories) {
            try (Stream<Path> files = Files.walk(directory)) {
                bytes += files.mapToLong(file -> {
                    try {
                        return Files.isRegularFile(file) ? Files.size(file) : 0;
                    } catch (final NoSuchFileException removedMeanwhile) {
                        return 0;
                    } catch (final IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).sum();
            } catch (final NoSuchFileException | UncheckedIOException removedMeanwhile) {
                // repositories delete files while we walk them: this sample is a little low
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return bytes;
    }

    private static long cpuNanos(final List<ProcessHandle> processes) {
        return processes.stream().mapToLong(process -> process.info().totalCpuDuration().orElseThrow().toNanos()).sum();
    }

    /** One batch of valid vitals (the suite's ranges), distinct per index, as the device gateways post them. */
    static SampleData.Batch vitals(final long index, final int count) {
        final Random random = new Random(index);
        final Instant start = Instant.parse("2026-11-20T00:00:00Z").plus(index, ChronoUnit.MINUTES);
        final StringBuilder lines = new StringBuilder(count * 200);
        for (int i = 0; i < count; i++) {
            lines.append("{\"patient_id\": \"pat-").append(String.format(Locale.ROOT, "%05d", random.nextInt(PATIENTS)))
                    .append("\", \"device_id\": \"dev-").append(String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000)))
                    .append("\", \"ts\": \"").append(start.plusMillis(i)).append("\", \"heart_rate\": ").append(55 + random.nextInt(70))
                    .append(", \"spo2\": ").append(86 + random.nextInt(14)).append(", \"temperature_c\": ").append(35 + random.nextInt(4))
                    .append('.').append(random.nextInt(10))
                    .append(", \"systolic_bp\": ").append(95 + random.nextInt(60)).append(", \"respiratory_rate\": ").append(10 + random.nextInt(20))
                    .append(", \"steps\": ").append(random.nextInt(5000)).append(", \"activity\": \"")
                    .append(ACTIVITIES[random.nextInt(ACTIVITIES.length)]).append("\"}\n");
        }
        return new SampleData.Batch("device", "vitals", "bench-" + index, lines.toString().getBytes(StandardCharsets.UTF_8), count, 0);
    }

    private static List<String> list(final Map<String, String> options, final String name, final String defaults) {
        return Arrays.stream(options.getOrDefault(name, defaults).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static void print(final List<Result> results) {
        System.out.println();
        System.out.printf("NiFi 2.3.0, %d cores, JDK %s; heap figures sum the nodes of a cluster%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.println("| flow | nodes | records | seconds | records/s | records per NiFi CPU-s | peak used heap MiB (of max) | repositories peak / end MiB |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (final Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %,.0f | %,.0f | %.0f (%.0f) | %.0f / %.0f |%n", r.flow(), r.topology(),
                    r.records(), r.seconds(), r.recordsPerSecond(), r.recordsPerCpuSecond(), r.peakHeap() / 1048576.0,
                    r.maxHeap() / 1048576.0, r.peakRepositories() / 1048576.0, r.finalRepositories() / 1048576.0);
        }
        System.out.println();
        System.out.println("| ratio (records/s) | records | value |");
        System.out.println("|---|---|---|");
        for (final Result cluster : results.stream().filter(r -> "cluster".equals(r.topology())).toList()) {
            results.stream().filter(r -> "single".equals(r.topology()) && r.flow().equals(cluster.flow()) && r.records() == cluster.records())
                    .findFirst().ifPresent(single -> System.out.printf(Locale.ROOT, "| %s: two nodes / one node | %,d | %.2f |%n",
                            cluster.flow(), cluster.records(), cluster.recordsPerSecond() / single.recordsPerSecond()));
        }
        for (final Result healthcare : results.stream().filter(r -> "healthcare".equals(r.flow())).toList()) {
            results.stream().filter(r -> "reference".equals(r.flow()) && r.topology().equals(healthcare.topology())
                            && r.records() == healthcare.records()).findFirst()
                    .ifPresent(reference -> System.out.printf(Locale.ROOT, "| healthcare / reference, %s | %,d | %.2f (per CPU-s %.2f) |%n",
                            healthcare.topology(), healthcare.records(), healthcare.recordsPerSecond() / reference.recordsPerSecond(),
                            healthcare.recordsPerCpuSecond() / reference.recordsPerCpuSecond()));
        }
        System.out.printf("Benchmark JVM (sender, S3Mock, Glue stand-in, ZooKeeper) CPU: %.0f s%n",
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() / 1e9);
    }
}

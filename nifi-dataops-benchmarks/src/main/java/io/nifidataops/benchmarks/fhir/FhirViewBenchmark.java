package io.nifidataops.benchmarks.fhir;

import io.nifidataops.benchmarks.ChildJvm;
import io.nifidataops.benchmarks.HeapSampler;
import io.nifidataops.benchmarks.RecordServices;
import io.nifidataops.fhir.FhirInputFormat;
import io.nifidataops.fhir.FhirResourceParser;
import io.nifidataops.fhir.FhirResourceSource;
import io.nifidataops.fhir.FhirViewRecordReader;
import io.nifidataops.fhir.ViewDefinition;
import io.nifidataops.fhir.ViewRunner;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.hl7.fhir.r4.model.Resource;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * FHIR view reading: resources per second through FhirViewRecordReader (HAPI parse + FHIRPath view) against NiFi's
 * JsonTreeReader (schema inferred, as the flow's JSON sources are read) over the same Bulk Data NDJSON of LOINC vital-sign
 * Observations, alternating in one JVM, medians of the rounds; then the live heap of the streaming view path (sampled after
 * full GCs) in child JVMs with a small -Xmx at two input sizes, as NDJSON and as one Bundle document, which must stay flat.
 *
 * <pre>
 * FhirViewBenchmark all|throughput|heap [--resources=200000] [--rounds=5] [--heap-sizes=100000,1000000] [--heap-xmx=96m]
 *     [--heap-formats=ndjson,bundle] [--view=flow-templates/views/fhir_observations.json] [--work-dir=target/benchmarks]
 * </pre>
 */
public final class FhirViewBenchmark {

    private static final String[][] VITALS = {{"8867-4", "/min", "55", "70"}, {"59408-5", "%", "90", "10"}, {"8310-5", "Cel", "36", "2"},
            {"8480-6", "mm[Hg]", "100", "50"}, {"9279-1", "/min", "12", "10"}};

    private FhirViewBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : Arrays.copyOfRange(args, 1, args.length)) {
            final int equals = arg.indexOf('=');
            options.put(arg.substring(2, equals), arg.substring(equals + 1));
        }
        final Path workDir = Files.createDirectories(Path.of(options.getOrDefault("work-dir", "target/benchmarks")));
        final String view = Files.readString(Path.of(options.getOrDefault("view", "../flow-templates/views/fhir_observations.json")));
        final String mode = args[0];
        if ("child".equals(mode)) {
            System.out.println("RESULT " + streamAndSample(Path.of(options.get("input")), view,
                    FhirInputFormat.valueOf(options.get("format")), Long.parseLong(options.get("resources"))));
            return;
        }
        if ("all".equals(mode) || "throughput".equals(mode)) {
            throughput(workDir, view, Long.parseLong(options.getOrDefault("resources", "200000")),
                    Integer.parseInt(options.getOrDefault("rounds", "5")));
        }
        if ("all".equals(mode) || "heap".equals(mode)) {
            heap(workDir, options, Arrays.stream(options.getOrDefault("heap-sizes", "100000,1000000").split(",")).map(Long::parseLong).toList());
        }
    }

    private static void throughput(final Path workDir, final String view, final long resources, final int rounds) throws Exception {
        final Path input = generate(workDir, resources);
        System.out.printf("FHIR view reader vs JsonTreeReader: %,d Observation resources, %,d bytes of NDJSON, %d rounds (+1 warm-up)%n",
                resources, Files.size(input), rounds);
        final List<Double> viewRates = new ArrayList<>();
        final List<Double> jsonRates = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            final double viewRate = rate(input, fhirReader(view), resources);
            final double jsonRate = rate(input, jsonReader(), resources);
            if (round > 0) {
                viewRates.add(viewRate);
                jsonRates.add(jsonRate);
            }
            System.out.printf("  round %d: FhirViewRecordReader %,.0f resources/s, JsonTreeReader (inferred) %,.0f records/s%n",
                    round, viewRate, jsonRate);
        }
        System.out.printf("Median: FhirViewRecordReader %,.0f resources/s, JsonTreeReader %,.0f records/s (ratio %.2f)%n",
                median(viewRates), median(jsonRates), median(viewRates) / median(jsonRates));
        Files.delete(input);
    }

    private static RecordReaderFactory fhirReader(final String view) throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final FhirViewRecordReader reader = new FhirViewRecordReader();
        runner.addControllerService("fhir", reader);
        runner.setProperty(reader, "View Definition", view);
        runner.setProperty(reader, "Input Format", FhirInputFormat.NDJSON.name());
        runner.enableControllerService(reader);
        return reader;
    }

    private static RecordReaderFactory jsonReader() throws Exception {
        final TestRunner runner = TestRunners.newTestRunner(NoOpProcessor.class);
        final JsonTreeReader reader = RecordServices.addReader(runner, "json", null);
        return reader;
    }

    private static double rate(final Path input, final RecordReaderFactory factory, final long expected) throws Exception {
        final long start = System.nanoTime();
        long records = 0;
        final MockComponentLog log = new MockComponentLog("bench", factory);
        try (InputStream in = new RewindableFile(input);
             RecordReader reader = factory.createRecordReader(Map.of(), in, Files.size(input), log)) {
            while (reader.nextRecord() != null) {
                records++;
            }
        }
        if (records != expected) {
            throw new IllegalStateException(factory.getClass().getSimpleName() + " read " + records + " records, not " + expected);
        }
        return records / ((System.nanoTime() - start) / 1e9);
    }

    private static void heap(final Path workDir, final Map<String, String> options, final List<Long> sizes) throws Exception {
        final String xmx = options.getOrDefault("heap-xmx", "96m");
        System.out.printf("Heap of the streaming view path (FhirResourceSource + ViewRunner), -Xmx%s, live heap after full GCs:%n", xmx);
        for (final String format : options.getOrDefault("heap-formats", "ndjson,bundle").split(",")) {
            final FhirInputFormat inputFormat = "bundle".equals(format) ? FhirInputFormat.BUNDLE : FhirInputFormat.NDJSON;
            for (final long size : sizes) {
                final Path input = generate(workDir, size, inputFormat);
                final List<String> arguments = new ArrayList<>(List.of("child", "--input=" + input, "--format=" + inputFormat,
                        "--resources=" + size, "--view=" + options.getOrDefault("view", "../flow-templates/views/fhir_observations.json")));
                final int exit = ChildJvm.run(xmx, FhirViewBenchmark.class, arguments);
                System.out.printf("  %s, %,d resources (%,d bytes): child exit %d%n", format, size, Files.size(input), exit);
                Files.delete(input);
                if (exit != 0) {
                    throw new IllegalStateException("The " + format + " heap run of " + size + " resources failed (exit " + exit + ") with -Xmx" + xmx);
                }
            }
        }
    }

    // The child JVM's work: every resource through the view, heap sampled ten times on the way
    private static String streamAndSample(final Path input, final String viewJson, final FhirInputFormat format, final long expected)
            throws Exception {
        final ViewRunner runner = new ViewRunner(ViewDefinition.parse(viewJson, "benchmark"));
        final HeapSampler sampler = new HeapSampler();
        final long every = ChildJvm.sampleEvery(expected);
        long resources = 0;
        long rows = 0;
        try (InputStream in = Files.newInputStream(input);
             FhirResourceSource source = new FhirResourceSource(in, format, new FhirResourceParser())) {
            Resource resource;
            while ((resource = source.next()) != null) {
                rows += runner.rows(resource).size();
                if (++resources % every == 0) {
                    sampler.sample();
                }
            }
        }
        if (resources != expected) {
            throw new IllegalStateException("Read " + resources + " resources of " + expected);
        }
        return String.format(Locale.ROOT, "format=%s resources=%d rows=%d peak_live_heap=%.1f MiB samples=%d", format, resources, rows,
                sampler.peak() / 1024.0 / 1024.0, sampler.samples());
    }

    /** Bulk Data NDJSON of LOINC vital-sign Observations, as an EHR export writes them; fixed seed. */
    static Path generate(final Path workDir, final long resources) throws Exception {
        return generate(workDir, resources, FhirInputFormat.NDJSON);
    }

    /**
     * The same Observations as NDJSON or as one pretty-printed collection Bundle (resourceType first, one entry per line,
     * as a FHIR server's export writes it).
     */
    private static Path generate(final Path workDir, final long resources, final FhirInputFormat format) throws Exception {
        final boolean bundle = format == FhirInputFormat.BUNDLE;
        final Path file = workDir.resolve("observations-" + resources + (bundle ? ".bundle.json" : ".ndjson"));
        final Random random = new Random(20_260_101L);
        final Instant day = Instant.parse("2026-11-20T00:00:00Z");
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            if (bundle) {
                out.write("{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n  \"entry\": [\n");
            }
            for (long i = 0; i < resources; i++) {
                final String[] vital = VITALS[(int) (i % VITALS.length)];
                final double value = Double.parseDouble(vital[2]) + random.nextDouble() * Double.parseDouble(vital[3]);
                final String observation = String.format(Locale.ROOT, "{\"resourceType\":\"Observation\",\"id\":\"obs-%d\",\"meta\":{\"lastUpdated\":\"%s\"},"
                                + "\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\","
                                + "\"code\":\"vital-signs\",\"display\":\"Vital Signs\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                                + "\"code\":\"%s\"}]},\"subject\":{\"reference\":\"Patient/pat-%05d\"},\"encounter\":{\"reference\":\"Encounter/enc-%d\"},"
                                + "\"effectiveDateTime\":\"%s\",\"valueQuantity\":{\"value\":%.1f,\"unit\":\"%s\",\"system\":\"http://unitsofmeasure.org\","
                                + "\"code\":\"%s\"}}", i, day.plus(i, ChronoUnit.SECONDS), vital[0], random.nextInt(50_000), i / 20,
                        day.plus(i, ChronoUnit.SECONDS), value, vital[1], vital[1]);
                out.write(bundle ? (i == 0 ? "    " : ",\n    ") + "{\"resource\": " + observation + "}" : observation + "\n");
            }
            if (bundle) {
                out.write("\n  ]\n}\n");
            }
        }
        return file;
    }

    /**
     * File content that can be re-read from a mark, as NiFi's content streams can: JsonTreeReader's schema inference reads
     * the whole content first, then resets to its mark.
     */
    private static final class RewindableFile extends InputStream {
        private final java.nio.channels.FileChannel channel;
        private long mark;

        RewindableFile(final Path file) throws java.io.IOException {
            this.channel = java.nio.channels.FileChannel.open(file);
        }

        @Override
        public int read() throws java.io.IOException {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(final byte[] buffer, final int offset, final int length) throws java.io.IOException {
            return channel.read(java.nio.ByteBuffer.wrap(buffer, offset, length));
        }

        @Override
        public boolean markSupported() {
            return true;
        }

        @Override
        public synchronized void mark(final int readLimit) {
            try {
                mark = channel.position();
            } catch (final java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void reset() throws java.io.IOException {
            channel.position(mark);
        }

        @Override
        public void close() throws java.io.IOException {
            channel.close();
        }
    }

    private static double median(final List<Double> values) {
        final List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

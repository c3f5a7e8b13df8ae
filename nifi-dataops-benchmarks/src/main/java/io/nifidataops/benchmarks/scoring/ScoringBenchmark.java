package io.nifidataops.benchmarks.scoring;

import io.nifidataops.benchmarks.Benchmarks;
import io.nifidataops.processors.ScoreRecords;
import io.nifidataops.scoring.KServeModelScoringService;
import io.nifidataops.scoring.LocalModelServer;
import io.nifidataops.scoring.OnnxModelScoringService;
import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.json.JsonTreeReader;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speed question in one JVM run: records/s of a pass-through record copy (ConvertRecord JSON -> JSON, the ceiling
 * for a JSON record processor; JsonRecordSetWriter writes each unchanged record's text as it was read), the same copy to the
 * scored schema (every record written field by field, as any processor that adds fields must), ScoreRecords with ONNX Runtime in process, ScoreRecords against a local KServe v2 server with
 * batched requests, and one HTTP call per record (what LookupRecord with a REST lookup service does: ScoreRecords with Batch
 * Size 1). Per-record calls are measured on a subset and reported as a rate. Cases alternate within each round; medians.
 *
 * <pre>mvn -pl nifi-dataops-benchmarks exec:exec@scoring [-Dbench.scoring.records=...] [-Dbench.scoring.rounds=...]</pre>
 */
public final class ScoringBenchmark {

    private record Case(String name, int records, boolean remote, int batchSize, boolean scoring, boolean extendedCopy) {
    }

    // The scored output's schema: what a copy must write to be the ceiling for a processor that adds fields
    private static final String EXTENDED_SCHEMA = """
            {"type": "record", "name": "vitals", "fields": [
              {"name": "patient_id", "type": ["null", "string"]}, {"name": "device_id", "type": ["null", "string"]},
              {"name": "observed_at", "type": ["null", "string"]}, {"name": "heart_rate", "type": ["null", "int"]},
              {"name": "spo2", "type": ["null", "double"]}, {"name": "temperature_c", "type": ["null", "double"]},
              {"name": "systolic_bp", "type": ["null", "int"]}, {"name": "respiratory_rate", "type": ["null", "int"]},
              {"name": "risk_score", "type": ["null", "float"]}, {"name": "risk_label", "type": ["null", "string"]}]}""";

    private ScoringBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = Benchmarks.options(args);
        final int records = Integer.parseInt(options.getOrDefault("records", "1000000"));
        final int remoteRecords = Integer.parseInt(options.getOrDefault("remote-records", "20000"));
        final int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        final int batchedRemoteRecords = Integer.parseInt(options.getOrDefault("batched-remote-records", "200000"));
        final Path model = Path.of(options.getOrDefault("model", "flow-templates/model/vitals-risk.onnx")).toAbsolutePath();

        final List<Case> cases = List.of(
                new Case("pass-through copy (ConvertRecord JSON->JSON, records copied as read)", records, false, 0, false, false),
                new Case("record copy to the scored schema (ConvertRecord, + 2 null fields)", records, false, 0, false, true),
                new Case("ScoreRecords, ONNX in process, batch 1000", records, false, 1000, true, false),
                new Case("ScoreRecords, KServe v2 local server, 1000 rows/request", batchedRemoteRecords, true, 1000, true, false),
                new Case("per-record remote call (KServe v2, 1 HTTP call/record)", remoteRecords, true, 1, true, false));
        final byte[] full = VitalSigns.ndjson(records, 20261123L);
        final Map<Integer, byte[]> inputs = new LinkedHashMap<>();
        for (final Case c : cases) {
            inputs.computeIfAbsent(c.records(), n -> n == records ? full : VitalSigns.ndjson(n, 20261123L));
        }
        System.out.printf(Locale.ROOT, "Scoring benchmark: %,d vital-sign records (%.0f MB NDJSON), batched remote on %,d, per-record remote on %,d, %d rounds + warm-up, "
                + "Java %s, %d cores%n", records, full.length / 1e6, batchedRemoteRecords, remoteRecords, rounds, Runtime.version(), Runtime.getRuntime().availableProcessors());

        final Map<Case, List<Double>> rates = new LinkedHashMap<>();
        final Map<Case, List<Double>> cpuRates = new LinkedHashMap<>();
        try (LocalModelServer server = LocalModelServer.start(model, "vitals-risk")) {
            for (int round = 0; round <= rounds; round++) {
                final boolean warmUp = round == 0;
                for (final Case c : cases) {
                    final byte[] input = warmUp ? VitalSigns.ndjson(Math.min(c.records(), 50_000), 7L) : inputs.get(c.records());
                    final int count = warmUp ? Math.min(c.records(), 50_000) : c.records();
                    final double[] rate = run(c, input, count, model, server);
                    if (!warmUp) {
                        rates.computeIfAbsent(c, k -> new ArrayList<>()).add(rate[0]);
                        cpuRates.computeIfAbsent(c, k -> new ArrayList<>()).add(rate[1]);
                        System.out.printf(Locale.ROOT, "  round %d  %-70s %,10.0f records/s  %,10.0f records/CPU-s%n", round, c.name(), rate[0], rate[1]);
                    }
                }
            }
        }

        System.out.println();
        // Wall time moves with whatever else the machine runs; CPU time of the whole JVM (server threads and GC included) does not
        System.out.println("| case | records | median records/s (wall) | median records per CPU-second |");
        System.out.println("|---|---|---|---|");
        final Map<Case, Double> wall = new LinkedHashMap<>();
        final Map<Case, Double> cpu = new LinkedHashMap<>();
        for (final Case c : cases) {
            wall.put(c, Benchmarks.median(rates.get(c).stream().sorted().toList()));
            cpu.put(c, Benchmarks.median(cpuRates.get(c).stream().sorted().toList()));
            System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f |%n", c.name(), c.records(), wall.get(c), cpu.get(c));
        }
        for (final Map<Case, Double> medians : List.of(wall, cpu)) {
            final String unit = medians == wall ? "wall" : "CPU";
            final double onnx = medians.get(cases.get(2));
            System.out.printf(Locale.ROOT, "%n%s: scoring cost over the pass-through copy %.1f%% (goal < 20%%), over the copy to the scored schema %.1f%%; "
                            + "ONNX in process vs per-record remote calls %.0fx (goal >= 20x)", unit, (medians.get(cases.get(0)) / onnx - 1) * 100,
                    (medians.get(cases.get(1)) / onnx - 1) * 100, onnx / medians.get(cases.get(4)));
        }
        System.out.println();
    }

    private static double[] run(final Case c, final byte[] input, final int count, final Path model, final LocalModelServer server) throws Exception {
        // A fresh runner per run: nifi-mock keeps content in heap and a reused runner keeps every run's output alive
        final TestRunner runner = TestRunners.newTestRunner((Processor) (c.scoring() ? new ScoreRecords() : new ConvertRecord()));
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "output-grouping", "output-oneline");
        if (c.extendedCopy()) {
            runner.setProperty(writer, "schema-access-strategy", "schema-text-property");
            runner.setProperty(writer, "schema-text", EXTENDED_SCHEMA);
        }
        runner.enableControllerService(writer);
        runner.setProperty("Record Reader", "reader");
        runner.setProperty("Record Writer", "writer");
        if (c.scoring()) {
            if (c.remote()) {
                final KServeModelScoringService service = new KServeModelScoringService();
                runner.addControllerService("model", service, Map.of("Endpoint URL", server.baseUri().toString(), "Model Name", "vitals-risk",
                        "Feature Names", VitalSigns.FEATURES, "Class Labels", "high,low", "Maximum Rows Per Request", "1000"));
                runner.enableControllerService(service);
            } else {
                final OnnxModelScoringService service = new OnnxModelScoringService();
                runner.addControllerService("model", service, Map.of("Model File", model.toString()));
                runner.enableControllerService(service);
            }
            runner.setProperty("Model Scoring Service", "model");
            runner.setProperty("Feature Fields", VitalSigns.FEATURES);
            runner.setProperty("Score Field", "risk_score");
            runner.setProperty("Label Field", "risk_label");
            runner.setProperty("Score Class", "high");
            runner.setProperty("Batch Size", String.valueOf(c.batchSize()));
        }
        runner.enqueue(input);
        final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        final long cpuStarted = os.getProcessCpuTime();
        final long started = System.nanoTime();
        runner.run();
        final double seconds = (System.nanoTime() - started) / 1e9;
        final double cpuSeconds = (os.getProcessCpuTime() - cpuStarted) / 1e9;
        final List<MockFlowFile> out = runner.getFlowFilesForRelationship("success");
        if (out.size() != 1 || !String.valueOf(count).equals(out.getFirst().getAttribute("record.count"))) {
            throw new IllegalStateException(c.name() + " did not pass " + count + " records: " + out);
        }
        return new double[]{count / seconds, count / cpuSeconds};
    }
}

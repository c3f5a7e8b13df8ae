package io.nifidataops.benchmarks.scoring;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speed question in one JVM run: records/s of a pass-through record copy (ConvertRecord JSON -> JSON, the ceiling
 * for a JSON record processor), ScoreRecords with ONNX Runtime in process, ScoreRecords against a local KServe v2 server with
 * batched requests, and one HTTP call per record (what LookupRecord with a REST lookup service does: ScoreRecords with Batch
 * Size 1). Per-record calls are measured on a subset and reported as a rate. Cases alternate within each round; medians.
 *
 * <pre>mvn -pl nifi-dataops-benchmarks exec:exec@scoring [-Dbench.scoring.records=...] [-Dbench.scoring.rounds=...]</pre>
 */
public final class ScoringBenchmark {

    private record Case(String name, int records, boolean remote, int batchSize, boolean scoring) {
    }

    private ScoringBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        final Map<String, String> options = options(args);
        final int records = Integer.parseInt(options.getOrDefault("records", "1000000"));
        final int remoteRecords = Integer.parseInt(options.getOrDefault("remote-records", "20000"));
        final int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        final Path model = Path.of(options.getOrDefault("model", "flow-templates/model/vitals-risk.onnx")).toAbsolutePath();

        final List<Case> cases = List.of(
                new Case("pass-through copy (ConvertRecord JSON->JSON)", records, false, 0, false),
                new Case("ScoreRecords, ONNX in process, batch 1000", records, false, 1000, true),
                new Case("ScoreRecords, KServe v2 local server, 1000 rows/request", records, true, 1000, true),
                new Case("per-record remote call (KServe v2, 1 HTTP call/record)", remoteRecords, true, 1, true));
        final byte[] full = VitalSigns.ndjson(records, 20261123L);
        final byte[] subset = VitalSigns.ndjson(remoteRecords, 20261123L);
        System.out.printf(Locale.ROOT, "Scoring benchmark: %,d vital-sign records (%.0f MB NDJSON), per-record remote on %,d, %d rounds + warm-up, "
                + "Java %s, %d cores%n", records, full.length / 1e6, remoteRecords, rounds, Runtime.version(), Runtime.getRuntime().availableProcessors());

        final Map<Case, List<Double>> rates = new LinkedHashMap<>();
        try (LocalModelServer server = LocalModelServer.start(model, "vitals-risk")) {
            for (int round = 0; round <= rounds; round++) {
                final boolean warmUp = round == 0;
                for (final Case c : cases) {
                    final byte[] input = warmUp ? VitalSigns.ndjson(Math.min(c.records(), 50_000), 7L) : (c.records() == records ? full : subset);
                    final int count = warmUp ? Math.min(c.records(), 50_000) : c.records();
                    final double rate = run(c, input, count, model, server);
                    if (!warmUp) {
                        rates.computeIfAbsent(c, k -> new ArrayList<>()).add(rate);
                        System.out.printf(Locale.ROOT, "  round %d  %-58s %,12.0f records/s%n", round, c.name(), rate);
                    }
                }
            }
        }

        System.out.println();
        System.out.println("| case | records | median records/s |");
        System.out.println("|---|---|---|");
        final Map<Case, Double> medians = new LinkedHashMap<>();
        for (final Map.Entry<Case, List<Double>> entry : rates.entrySet()) {
            final double median = median(entry.getValue());
            medians.put(entry.getKey(), median);
            System.out.printf(Locale.ROOT, "| %s | %,d | %,.0f |%n", entry.getKey().name(), entry.getKey().records(), median);
        }
        final double copy = medians.get(cases.get(0));
        final double onnx = medians.get(cases.get(1));
        final double perRecord = medians.get(cases.get(3));
        System.out.printf(Locale.ROOT, "%nScoring cost over the pass-through copy: %.1f%% (goal < 20%%)%n", (copy / onnx - 1) * 100);
        System.out.printf(Locale.ROOT, "ONNX in process vs per-record remote calls: %.0fx faster (goal >= 20x)%n", onnx / perRecord);
    }

    private static double run(final Case c, final byte[] input, final int count, final Path model, final LocalModelServer server) throws Exception {
        // A fresh runner per run: nifi-mock keeps content in heap and a reused runner keeps every run's output alive
        final TestRunner runner = TestRunners.newTestRunner((Processor) (c.scoring() ? new ScoreRecords() : new ConvertRecord()));
        final JsonTreeReader reader = new JsonTreeReader();
        runner.addControllerService("reader", reader);
        runner.enableControllerService(reader);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        runner.addControllerService("writer", writer);
        runner.setProperty(writer, "output-grouping", "output-oneline");
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
        final long started = System.nanoTime();
        runner.run();
        final double seconds = (System.nanoTime() - started) / 1e9;
        final List<MockFlowFile> out = runner.getFlowFilesForRelationship("success");
        if (out.size() != 1 || !String.valueOf(count).equals(out.getFirst().getAttribute("record.count"))) {
            throw new IllegalStateException(c.name() + " did not pass " + count + " records: " + out);
        }
        return count / seconds;
    }

    private static double median(final List<Double> values) {
        final double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static Map<String, String> options(final String[] args) {
        final Map<String, String> options = new LinkedHashMap<>();
        Arrays.stream(args).filter(arg -> arg.startsWith("--") && arg.contains("="))
                .forEach(arg -> options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1)));
        return options;
    }
}

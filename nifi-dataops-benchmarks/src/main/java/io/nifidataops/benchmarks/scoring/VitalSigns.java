package io.nifidataops.benchmarks.scoring;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/** Deterministic NDJSON vital-sign records, one object per line, ~150 bytes each. */
final class VitalSigns {

    static final String FEATURES = "heart_rate,spo2,temperature_c,systolic_bp,respiratory_rate";

    private VitalSigns() {
    }

    static byte[] ndjson(final int records, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final ByteArrayOutputStream out = new ByteArrayOutputStream(records * 160);
        final StringBuilder line = new StringBuilder(200);
        for (int i = 0; i < records; i++) {
            line.setLength(0);
            line.append("{\"patient_id\":\"p-").append(i % 50_000)
                    .append("\",\"device_id\":\"dev-").append(i % 977)
                    .append("\",\"observed_at\":\"2026-11-23T").append(String.format(Locale.ROOT, "%02d:%02d:%02d", (i / 3600) % 24, (i / 60) % 60, i % 60))
                    .append("Z\",\"heart_rate\":").append(45 + random.nextInt(100))
                    .append(",\"spo2\":").append(String.format(Locale.ROOT, "%.1f", 82 + random.nextDouble() * 18))
                    .append(",\"temperature_c\":").append(String.format(Locale.ROOT, "%.1f", 35.5 + random.nextDouble() * 4.5))
                    .append(",\"systolic_bp\":").append(80 + random.nextInt(90))
                    .append(",\"respiratory_rate\":").append(8 + random.nextInt(28))
                    .append("}\n");
            out.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}

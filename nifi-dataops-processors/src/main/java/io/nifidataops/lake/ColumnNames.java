package io.nifidataops.lake;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Column and table names that Athena, Glue, Hive and Avro all accept: lowercase ASCII letters, digits
 * and underscores, not starting with a digit, at most 255 characters. The Parquet writer and the Glue
 * step both name columns through this class, so the catalog always matches the files.
 * <p>
 * The rule is AWS SDK for pandas' {@code sanitize_column_name} (accents stripped, each run of other
 * characters becomes one underscore, camelCase becomes snake_case, lowercase), plus an underscore
 * before a leading digit because Avro names cannot start with one.
 */
public final class ColumnNames {

    /** Glue's limit for column and table names. */
    public static final int MAX_LENGTH = 255;

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{Mn}+");
    private static final Pattern UNSAFE_RUN = Pattern.compile("[^A-Za-z0-9_]+");
    private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

    private ColumnNames() {
    }

    /** "Heart Rate (bpm)" becomes "heart_rate_bpm_", "systolicBP" "systolic_bp", "2nd dose" "_2nd_dose". */
    public static String normalize(final String name) {
        final String stripped = name == null ? "" : name.strip();
        final String unaccented = COMBINING_MARKS.matcher(Normalizer.normalize(stripped, Normalizer.Form.NFD)).replaceAll("");
        final String safe = UNSAFE_RUN.matcher(unaccented).replaceAll("_");
        String snake = CAMEL_HUMP.matcher(safe).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        if (snake.isEmpty() || Character.isDigit(snake.charAt(0))) {
            snake = "_" + snake;
        }
        return snake.length() <= MAX_LENGTH ? snake : snake.substring(0, MAX_LENGTH);
    }
}

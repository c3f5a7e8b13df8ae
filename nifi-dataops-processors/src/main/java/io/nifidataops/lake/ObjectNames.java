package io.nifidataops.lake;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic object names: the same content written to the same partition gets the same name, so
 * a replayed FlowFile overwrites its objects instead of adding duplicates. Settings such as the codec
 * are deliberately not part of the name, so rewriting with other settings replaces the old objects.
 */
public final class ObjectNames {

    private static final int HASH_CHARACTERS = 20;
    private static final Pattern EXTENSION = Pattern.compile("\\.([A-Za-z0-9]{1,10})$");

    private ObjectNames() {
    }

    /** {@code part-00000-<hash of content and partition>.parquet}; sequence counts the files of one partition. */
    public static String parquet(final String contentSha256, final PartitionKey partition, final int sequence) {
        final String hash = ContentDigest.sha256Hex(contentSha256 + "/" + partition.path()).substring(0, HASH_CHARACTERS);
        return String.format(Locale.ROOT, "part-%05d-%s.parquet", sequence, hash);
    }

    /**
     * {@code <content SHA-256>[.ext]}: raw objects are named by their content, so an auditor can check
     * them; only the extension of the original file name is kept (the name itself may hold PHI).
     */
    public static String raw(final String contentSha256, final String filename) {
        final Matcher extension = EXTENSION.matcher(filename == null ? "" : filename);
        return extension.find() ? contentSha256 + "." + extension.group(1).toLowerCase(Locale.ROOT) : contentSha256;
    }
}

package io.nifidataops.lake;

import java.util.regex.Pattern;

/**
 * Where a zone's data lives: a bucket and a key prefix (no leading or trailing slash).
 * Writers put objects under {@code <prefix>/<source>/<dataset>/...}.
 */
public record ZoneLocation(String bucket, String prefix) {

    // S3 bucket naming rules (general purpose buckets): 3-63 characters, lowercase, digits, dots, hyphens.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public ZoneLocation {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name");
        }
        prefix = normalizePrefix(prefix);
    }

    /** Parses {@code bucket} or {@code bucket/prefix}; the prefix defaults to {@code defaultPrefix}. */
    public static ZoneLocation parse(final String location, final String defaultPrefix) {
        final String trimmed = location == null ? "" : location.strip();
        final String withoutScheme = trimmed.startsWith("s3://") ? trimmed.substring("s3://".length()) : trimmed;
        final int slash = withoutScheme.indexOf('/');
        if (slash < 0) {
            return new ZoneLocation(withoutScheme, defaultPrefix);
        }
        final String prefix = withoutScheme.substring(slash + 1);
        return new ZoneLocation(withoutScheme.substring(0, slash), prefix.isBlank() ? defaultPrefix : prefix);
    }

    /** {@code s3://bucket/prefix/}: the root of the zone. */
    public String uri() {
        return "s3://" + bucket + "/" + prefix + "/";
    }

    private static String normalizePrefix(final String prefix) {
        final String stripped = prefix == null ? "" : prefix.strip().replaceAll("^/+|/+$", "");
        if (stripped.isEmpty()) {
            throw new IllegalArgumentException("A zone prefix must not be empty");
        }
        for (final String segment : stripped.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("'" + prefix + "' is not a valid prefix: empty, '.' or '..' segment");
            }
        }
        return stripped;
    }
}

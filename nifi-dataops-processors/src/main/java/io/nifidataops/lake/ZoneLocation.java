package io.nifidataops.lake;

import java.util.regex.Pattern;

/**
 * Where a zone lives: a bucket and the key prefix above the zone's directory (no slash at either end, may be
 * empty). Writers put a zone's objects under {@code <prefix>/<zone>/<source>/<dataset>/...}, so the zone name
 * is always part of the path, as the key layout in docs/architecture.md requires.
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

    /** Parses {@code bucket} or {@code bucket/prefix} (an {@code s3://} scheme is allowed); a bare bucket takes {@code defaultPrefix}. */
    public static ZoneLocation parse(final String location, final String defaultPrefix) {
        final String trimmed = location == null ? "" : location.strip();
        final String withoutScheme = trimmed.startsWith("s3://") ? trimmed.substring("s3://".length()) : trimmed;
        final int slash = withoutScheme.indexOf('/');
        return slash < 0
                ? new ZoneLocation(withoutScheme, defaultPrefix)
                : new ZoneLocation(withoutScheme.substring(0, slash), withoutScheme.substring(slash + 1));
    }

    /** {@code s3://bucket/prefix/zone/}: the root of the zone's tables. */
    public String root(final String zone) {
        return "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/") + zone + "/";
    }

    private static String normalizePrefix(final String prefix) {
        final String stripped = prefix == null ? "" : prefix.strip().replaceAll("^/+|/+$", "");
        if (stripped.isEmpty()) {
            return stripped;
        }
        for (final String segment : stripped.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("'" + prefix + "' is not a valid prefix: empty, '.' or '..' segment");
            }
        }
        return stripped;
    }
}

package io.nifidataops.lake;

import java.util.regex.Pattern;

/**
 * Where a table lives: {@code s3://<bucket>/<prefix>/<zone>/<source>/<dataset>/}, the root under which
 * its Hive partitions and objects go. Zone, source and dataset are single path segments.
 */
public record TableLocation(String bucket, String prefix, String zone, String source, String dataset) {

    private static final Pattern SEGMENT = Pattern.compile("[^/\\p{Cntrl}]+");

    public TableLocation {
        if (bucket == null || bucket.isBlank()) {
            throw new LakeConfigurationException("No bucket: set Bucket or the lake.bucket attribute");
        }
        prefix = prefix == null ? "" : trimSlashes(prefix.strip());
        zone = segment("lake.zone", zone);
        source = segment("lake.source", source);
        dataset = segment("lake.dataset", dataset);
    }

    /** {@code prefix/zone/source/dataset/}, no leading slash. */
    public String rootKey() {
        return (prefix.isEmpty() ? "" : prefix + "/") + zone + "/" + source + "/" + dataset + "/";
    }

    /** {@code s3://bucket/prefix/zone/source/dataset/}: the table's location in Glue. */
    public String rootUri() {
        return "s3://" + bucket + "/" + rootKey();
    }

    public String objectKey(final PartitionKey partition, final String name) {
        final String path = partition.path();
        return rootKey() + (path.isEmpty() ? "" : path + "/") + name;
    }

    private static String segment(final String what, final String value) {
        final String stripped = value == null ? "" : value.strip();
        if (!SEGMENT.matcher(stripped).matches()) {
            throw new LakeConfigurationException(what + " must be one non-empty path segment without '/'");
        }
        return stripped;
    }

    private static String trimSlashes(final String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '/') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '/') {
            end--;
        }
        return value.substring(start, end);
    }
}

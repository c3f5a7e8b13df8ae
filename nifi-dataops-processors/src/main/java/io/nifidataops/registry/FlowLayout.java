package io.nifidataops.registry;

import java.util.Optional;

/**
 * Where buckets and flows are in the repository, following the layout of NiFi's own Git-based registry clients
 * (apache/nifi 2.x, nifi-git-flow-registry, AbstractGitFlowRegistryClient: every directory directly under the
 * repository path is a bucket, every {@code <flow id>.json} file directly in a bucket directory is a flow, the file holds
 * the flow snapshot, and each commit that changed the file is a version). A repository laid out for GitHubFlowRegistryClient
 * or GitLabFlowRegistryClient therefore works here unchanged, and the other way round.
 * <p>
 * Unlike NiFi's clients, names starting with a dot are neither buckets nor flows, so a repository can keep notes such as
 * {@code .github/} beside the buckets.
 */
final class FlowLayout {

    static final String SNAPSHOT_EXTENSION = ".json";

    private final String repositoryPath;

    /** @param repositoryPath folder within the repository holding the buckets; null or blank for the repository root */
    FlowLayout(final String repositoryPath) {
        final String trimmed = repositoryPath == null ? "" : repositoryPath.trim();
        if (trimmed.startsWith("/") || trimmed.endsWith("/") || trimmed.contains("//") || trimmed.contains("\\")) {
            throw new IllegalArgumentException("Repository Path must be a relative folder without leading or trailing '/'");
        }
        for (final String segment : trimmed.isEmpty() ? new String[0] : trimmed.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Repository Path must not contain '.' or '..' segments");
            }
        }
        this.repositoryPath = trimmed;
    }

    /** The folder of all buckets, "" for the repository root. */
    String root() {
        return repositoryPath;
    }

    String bucketDirectory(final String bucketId) throws GitStoreException {
        return join(repositoryPath, requireName("bucket", bucketId));
    }

    String flowFile(final String bucketId, final String flowId) throws GitStoreException {
        return join(bucketDirectory(bucketId), requireName("flow", flowId) + SNAPSHOT_EXTENSION);
    }

    /** A directory entry under the root that is a bucket. */
    static boolean isBucketName(final String directoryName) {
        return !directoryName.startsWith(".");
    }

    /** The flow id of a file in a bucket directory, if the file is a flow. */
    static Optional<String> flowId(final String fileName) {
        if (fileName.startsWith(".") || !fileName.endsWith(SNAPSHOT_EXTENSION) || fileName.length() == SNAPSHOT_EXTENSION.length()) {
            return Optional.empty();
        }
        return Optional.of(fileName.substring(0, fileName.length() - SNAPSHOT_EXTENSION.length()));
    }

    private static String requireName(final String what, final String name) throws GitStoreException {
        if (name == null || name.isBlank() || name.startsWith(".") || name.contains("/") || name.contains("\\")) {
            throw new GitStoreException(GitStoreException.Kind.INVALID,
                    "A " + what + " name must be a single folder or file name without '/' and not starting with '.'");
        }
        return name;
    }

    private static String join(final String parent, final String child) {
        return parent.isEmpty() ? child : parent + "/" + child;
    }
}

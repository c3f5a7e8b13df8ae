package io.nifidataops.lake;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A private temporary directory for one FlowFile's staged files, deleted with everything in it on close.
 * Deletion is best effort: by then the objects are uploaded (or the attempt failed for another reason),
 * and a leftover temp file must not turn a complete write into a failure. What a crash leaves behind (the
 * files are unencrypted records) is removed by {@link #sweep} when the owner starts again.
 */
public final class StagingDirectory implements AutoCloseable {

    private final Path path;

    private StagingDirectory(final Path path) {
        this.path = path;
    }

    public static StagingDirectory create(final Path parent) throws StagingException {
        try {
            Files.createDirectories(parent);
            return new StagingDirectory(Files.createTempDirectory(parent, "lake-"));
        } catch (final IOException e) {
            throw new StagingException("Cannot create a staging directory under " + parent, e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * Empties {@code area}, an owner's own parent of staging directories, of what an earlier run left behind (a crash, a
     * killed JVM); creates it if missing. Call only while none of the owner's writes runs.
     *
     * @return the number of files and directories removed
     */
    public static int sweep(final Path area) throws StagingException {
        try {
            Files.createDirectories(area);
            int removed = 0;
            try (var entries = Files.list(area)) {
                for (final Path entry : entries.toList()) {
                    removed += deleteTree(entry);
                }
            }
            return removed;
        } catch (final IOException e) {
            throw new StagingException("Cannot clear the staging area " + area, e);
        }
    }

    @Override
    public void close() {
        try {
            deleteTree(path);
        } catch (final IOException e) {
            // best effort, see the class comment
        }
    }

    private static int deleteTree(final Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        final int[] removed = {0};
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                removed[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path directory, final IOException failure) throws IOException {
                Files.deleteIfExists(directory);
                removed[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        return removed[0];
    }
}

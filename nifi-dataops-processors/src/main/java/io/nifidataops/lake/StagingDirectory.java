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
 * and a leftover temp file must not turn a complete write into a failure.
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

    @Override
    public void close() {
        try {
            deleteTree();
        } catch (final IOException e) {
            // best effort, see the class comment
        }
    }

    private void deleteTree() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path directory, final IOException failure) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

package io.nifidataops.processors;

import io.nifidataops.validation.InvalidSuiteException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Finds a suite by name in one directory: {@code <directory>/<name>.json}. Names are letters, digits, '_' and '-', so a
 * name taken from a FlowFile attribute can hold no path separator, no ".." and no absolute path; a symbolic link that
 * leads out of the directory is refused too. Nothing outside the directory is ever read.
 */
final class SuiteDirectory {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    static final String EXTENSION = ".json";

    private final Path directory;

    SuiteDirectory(final Path directory) {
        this.directory = directory;
    }

    /**
     * @return the suite file, which exists and lies inside the directory
     * @throws InvalidSuiteException when the name is not a suite name or no such suite exists; the message quotes the
     *                               name only when it is a valid one
     */
    Path resolve(final String name) throws IOException {
        if (name == null || name.isBlank()) {
            throw new InvalidSuiteException("Suite Name is empty for this FlowFile");
        }
        if (!NAME.matcher(name).matches()) {
            throw new InvalidSuiteException("Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed");
        }
        final Path root;
        try {
            root = directory.toRealPath();
        } catch (final NoSuchFileException e) {
            throw new InvalidSuiteException("Suite Directory does not exist");
        }
        final Path file = root.resolve(name + EXTENSION);
        if (!Files.isRegularFile(file)) {
            throw new InvalidSuiteException("No suite named '" + name + "' in the Suite Directory (no file " + name + EXTENSION + ")");
        }
        // The real path is what gets read, so a link swapped after this check cannot lead elsewhere
        final Path real = file.toRealPath();
        if (!real.startsWith(root)) {
            throw new InvalidSuiteException("Suite '" + name + "' links to a file outside the Suite Directory");
        }
        return real;
    }
}

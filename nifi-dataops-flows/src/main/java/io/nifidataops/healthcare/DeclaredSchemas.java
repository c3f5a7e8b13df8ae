package io.nifidataops.healthcare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The declared Avro schemas of the JSON and CSV datasets, kept as files in flow-templates/schemas/ and put into the flow's
 * schema.* parameters (one line each) when the flow definition is generated.
 */
final class DeclaredSchemas {

    private DeclaredSchemas() {
    }

    /** The schema of a dataset as one line of JSON. */
    static String text(final String dataset) {
        final Path file = locate(Path.of("flow-templates", "schemas", dataset + ".avsc"));
        try {
            return FlowGroup.MAPPER.readTree(Files.readString(file)).toString();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    // The generator runs from the repository root (main) or from a module (tests): the nearest ancestor that has the file
    private static Path locate(final Path relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("No " + relative + " in the working directory or above it");
    }
}

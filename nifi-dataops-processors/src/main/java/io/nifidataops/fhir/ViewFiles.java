package io.nifidataops.fhir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves a per-FlowFile view file name inside the configured view directory. A FlowFile attribute picks the name,
 * and attributes can come from outside (an HTTP header turned attribute), so only a plain file name is accepted:
 * no separators, no {@code ..}, nothing that resolves outside the directory, and it must be a regular file.
 */
final class ViewFiles {

    private ViewFiles() {
    }

    static Path resolve(final Path directory, final String name) {
        if (name == null || name.isBlank()) {
            throw new ViewDefinitionException("View File Name is empty for this FlowFile");
        }
        if (name.contains("/") || name.contains("\\") || name.contains("\0") || ".".equals(name) || "..".equals(name)
                || name.startsWith("..")) {
            throw new ViewDefinitionException("View File Name is not a plain file name inside View Directory");
        }
        final Path file = directory.resolve(name).normalize();
        if (!file.getParent().equals(directory)) {
            throw new ViewDefinitionException("View File Name is not a plain file name inside View Directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new ViewDefinitionException("View Directory has no view file '" + name + "'");
        }
        return file;
    }
}

package io.nifidataops.processors;

import io.nifidataops.validation.InvalidSuiteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteDirectoryTest {

    @TempDir
    Path root;

    @Test
    void findsASuiteByName() throws IOException {
        final Path suites = Files.createDirectory(root.resolve("suites"));
        Files.writeString(suites.resolve("lab_results-v2.json"), "{}");

        assertThat(new SuiteDirectory(suites).resolve("lab_results-v2")).isEqualTo(suites.toRealPath().resolve("lab_results-v2.json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside", "/etc/passwd", "..", "a/b", "a\\b", "vitals.json", "vitals ", "%2e%2e"})
    void refusesNamesThatAreNotSuiteNamesWithoutQuotingThem(final String name) throws IOException {
        final Path suites = Files.createDirectory(root.resolve("suites"));
        Files.writeString(root.resolve("outside.json"), "{}");

        assertThatThrownBy(() -> new SuiteDirectory(suites).resolve(name))
                .isInstanceOf(InvalidSuiteException.class)
                .hasMessage("Suite Name is not a suite name: only letters, digits, '_' and '-' are allowed");
    }

    @Test
    void refusesALinkOutOfTheDirectoryAndAMissingSuite() throws IOException {
        final Path suites = Files.createDirectory(root.resolve("suites"));
        Files.writeString(root.resolve("outside.json"), "{}");
        Files.createSymbolicLink(suites.resolve("escape.json"), root.resolve("outside.json"));

        assertThatThrownBy(() -> new SuiteDirectory(suites).resolve("escape"))
                .hasMessage("Suite 'escape' links to a file outside the Suite Directory");
        assertThatThrownBy(() -> new SuiteDirectory(suites).resolve("outside"))
                .hasMessage("No suite named 'outside' in the Suite Directory (no file outside.json)");
        assertThatThrownBy(() -> new SuiteDirectory(root.resolve("absent")).resolve("vitals"))
                .hasMessage("Suite Directory does not exist");
    }
}

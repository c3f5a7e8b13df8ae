package io.nifidataops.processors;

import io.nifidataops.validation.CompiledSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SuiteCacheTest {

    private static final String SUITE = "{\"name\": \"%s\", \"expectations\": []}";

    @Test
    void compilesTheSameTextOnce() {
        final SuiteCache cache = new SuiteCache(8);
        final CompiledSuite first = cache.fromText(SUITE.formatted("a"));
        assertThat(cache.fromText(SUITE.formatted("a"))).isSameAs(first);
        assertThat(cache.fromText(SUITE.formatted("b"))).isNotSameAs(first);
    }

    @Test
    void picksUpAChangedFile(@TempDir final Path dir) throws IOException {
        final SuiteCache cache = new SuiteCache(8);
        final Path file = dir.resolve("suite.json");
        Files.writeString(file, SUITE.formatted("before"));
        assertThat(cache.fromFile(file).suite().name()).isEqualTo("before");
        assertThat(cache.fromFile(file)).isSameAs(cache.fromFile(file));

        Files.writeString(file, SUITE.formatted("after"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(cache.fromFile(file).suite().name()).isEqualTo("after");
    }

    @Test
    void staysWithinItsBound() {
        final SuiteCache cache = new SuiteCache(3);
        for (int i = 0; i < 10; i++) {
            cache.fromText(SUITE.formatted(i));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
}

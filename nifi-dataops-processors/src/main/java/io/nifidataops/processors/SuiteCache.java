package io.nifidataops.processors;

import io.nifidataops.validation.CompiledSuite;
import io.nifidataops.validation.SuiteParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed and compiled suites, keyed by their text or by file path plus modification time and size,
 * so a suite picked per FlowFile (Expression Language) is compiled once and a changed file is picked up.
 */
final class SuiteCache {

    private final int maxEntries;
    private final Map<String, CompiledSuite> suites = new ConcurrentHashMap<>();

    SuiteCache(final int maxEntries) {
        this.maxEntries = maxEntries;
    }

    CompiledSuite fromText(final String json) {
        return compileOnce("text:" + json, json);
    }

    CompiledSuite fromFile(final Path path) throws IOException {
        final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        final String key = "file:" + path.toAbsolutePath() + ':' + attributes.lastModifiedTime().toMillis() + ':' + attributes.size();
        final CompiledSuite cached = suites.get(key);
        return cached != null ? cached : compileOnce(key, Files.readString(path, StandardCharsets.UTF_8));
    }

    int size() {
        return suites.size();
    }

    void clear() {
        suites.clear();
    }

    private CompiledSuite compileOnce(final String key, final String json) {
        final CompiledSuite existing = suites.get(key);
        if (existing != null) {
            return existing;
        }
        final CompiledSuite compiled = CompiledSuite.compile(SuiteParser.parse(json));
        // A crude bound: suites are few in practice, and stale versions of changed files go with the rest
        if (suites.size() >= maxEntries) {
            suites.clear();
        }
        suites.put(key, compiled);
        return compiled;
    }
}

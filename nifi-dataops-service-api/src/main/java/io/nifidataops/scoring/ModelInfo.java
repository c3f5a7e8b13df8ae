package io.nifidataops.scoring;

import java.util.List;

/**
 * What a scoring service serves: the model's name and version (for attributes and provenance), the features it
 * expects in order (empty when the service cannot tell), the outputs it reads, and a stable identity of its content
 * (for a model file its SHA-256 in lowercase hex), or null when the service cannot tell.
 */
public record ModelInfo(String name, String version, List<String> featureNames, List<String> outputNames, String contentHash) {

    public ModelInfo {
        featureNames = List.copyOf(featureNames);
        outputNames = List.copyOf(outputNames);
    }

    /** A model whose content identity is unknown (a remote server that reports none). */
    public ModelInfo(final String name, final String version, final List<String> featureNames, final List<String> outputNames) {
        this(name, version, featureNames, outputNames, null);
    }
}

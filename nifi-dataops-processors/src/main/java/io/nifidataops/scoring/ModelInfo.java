package io.nifidataops.scoring;

import java.util.List;

/**
 * What a scoring service serves: the model's name and version (for attributes and provenance), the features it
 * expects in order (empty when the service cannot tell), and the outputs it reads.
 */
public record ModelInfo(String name, String version, List<String> featureNames, List<String> outputNames) {

    public ModelInfo {
        featureNames = List.copyOf(featureNames);
        outputNames = List.copyOf(outputNames);
    }
}

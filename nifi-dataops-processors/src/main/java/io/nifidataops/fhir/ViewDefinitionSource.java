package io.nifidataops.fhir;

import io.nifidataops.DescribedOption;

/** Where FhirViewRecordReader finds its ViewDefinition. */
public enum ViewDefinitionSource implements DescribedOption {
    INLINE(new Text("View Definition Property", "The ViewDefinition JSON is the View Definition property's value (Expression"
            + " Language may pick it per FlowFile)")),
    DIRECTORY(new Text("File in View Directory", "The ViewDefinition is the file named by View File Name (per FlowFile, e.g."
            + " ${lake.dataset}.json) in View Directory; only a plain file name inside that directory is accepted"));

    private final Text text;

    ViewDefinitionSource(final Text text) {
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }
}

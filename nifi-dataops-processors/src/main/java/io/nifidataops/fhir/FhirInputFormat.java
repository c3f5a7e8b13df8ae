package io.nifidataops.fhir;

import io.nifidataops.DescribedOption;

/** How FHIR content arrives. */
public enum FhirInputFormat implements DescribedOption {
    AUTO(new Text("Detect", "NDJSON when the first non-blank line is a whole JSON object, else one JSON document (a Bundle or a"
            + " single resource)")),
    NDJSON(new Text("Bulk Data NDJSON", "FHIR Bulk Data export: one resource per line (a line holding a Bundle contributes its"
            + " entries' resources)")),
    BUNDLE(new Text("Bundle", "One JSON document: a Bundle (of any type; its entries' resources in order) or a single resource"));

    private final Text text;

    FhirInputFormat(final Text text) {
        this.text = text;
    }

    @Override
    public Text text() {
        return text;
    }
}

package io.nifidataops.processors;

import io.nifidataops.DescribedOption;

/** Where ValidateRecordExpectations takes its expectation suite from. */
public enum SuiteSource implements DescribedOption {

    EXPECTATION_SUITE("Expectation Suite",
            "One suite for every FlowFile: the 'Expectation Suite' property holds the suite's JSON or the path of its file."),
    SUITE_DIRECTORY("Suite Directory",
            "A suite per FlowFile, chosen by name: 'Suite Name' (for example ${lake.dataset}) names the file <name>.json in "
                    + "'Suite Directory'. Names are letters, digits, '_' and '-' only, so no FlowFile can make the processor read "
                    + "a file outside the directory.");

    private final Text text;

    SuiteSource(final String displayName, final String description) {
        this.text = new Text(displayName, description);
    }

    @Override
    public Text text() {
        return text;
    }
}

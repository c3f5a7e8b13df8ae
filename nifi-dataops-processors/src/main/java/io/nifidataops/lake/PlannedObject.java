package io.nifidataops.lake;

import java.io.IOException;
import java.io.InputStream;

/** An object about to be uploaded: its key, its exact length and where its bytes come from. */
public record PlannedObject(String key, long length, String contentType, Content content, long recordCount) {

    /** Opens the object's bytes; called once per upload attempt. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }
}

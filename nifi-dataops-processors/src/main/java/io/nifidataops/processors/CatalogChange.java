package io.nifidataops.processors;

/** What PutLakeParquet's catalog step changed before uploading: the table's URI and the change, for a provenance event. */
record CatalogChange(String uri, String details) {
}

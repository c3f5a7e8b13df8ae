package io.nifidataops.catalog;

import org.apache.nifi.controller.ControllerService;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table catalog of the lake, shared by the writer and the registrar so that both see one table: PutLakeParquet
 * prepares the table (creates it, or evolves it under the policy) before any object lands where readers look, and
 * RegisterGlueTable adds the partitions once the objects are there. Thread-safe.
 */
public interface LakeCatalogService extends ControllerService {

    /**
     * The table a FlowFile's data belongs to: the service's database and table names evaluated against its attributes.
     *
     * @throws CatalogException when a name evaluates to nothing a catalog accepts
     */
    TableTarget target(Map<String, String> attributes);

    /**
     * Brings the table to a state that holds the data: created, or evolved under the schema evolution policy.
     *
     * @return what changed (no partitions)
     * @throws CatalogException when the policy forbids the change, the table's partition keys differ, or the table lies at
     *                          another location than {@link LakeTableInput#location()}
     */
    TableRegistration prepareTable(TableTarget target, LakeTableInput input);

    /**
     * Registers the partitions of writes into one prepared table, in as few calls as possible.
     *
     * @return the partitions this call created (not those that already existed at the same location)
     * @throws PartitionRegistrationException when the catalog refused partitions, or has them at another location
     */
    Set<List<String>> registerPartitions(TableTarget target, List<LakeTableInput> inputs);

    /** Where provenance says the table is, e.g. {@code glue://us-east-1/lake/structured_vitals}. */
    String tableUri(TableTarget target);
}

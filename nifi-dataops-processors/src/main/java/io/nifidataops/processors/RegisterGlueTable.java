package io.nifidataops.processors;

import io.nifidataops.DataOpsAttributes;

import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import io.nifidataops.catalog.CatalogException;
import io.nifidataops.catalog.LakeCatalogService;
import io.nifidataops.catalog.LakeTableAttributes;
import io.nifidataops.catalog.LakeTableInput;
import io.nifidataops.catalog.TableRegistration;
import io.nifidataops.catalog.TableTarget;
import io.nifidataops.catalog.PartitionRegistrationException;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SupportsBatching;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.configuration.DefaultSettings;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.util.StandardValidators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@SupportsBatching
@InputRequirement(Requirement.INPUT_REQUIRED)
@DefaultSettings(penaltyDuration = "30 sec")
@Tags({"aws", "glue", "data catalog", "athena", "hive", "parquet", "table", "partition", "lake"})
@CapabilityDescription("Registers what PutLakeParquet wrote in the lake's table catalog (the AWS Glue Data Catalog through a"
        + " GlueCatalogService), so Athena, Spark, Trino and Redshift Spectrum can query it at once without a crawler: makes sure the"
        + " table holds the data's columns (PutLakeParquet normally did that before uploading) and adds the partitions written, or"
        + " Athena partition projection parameters. A table or partition registered at another location than lake.location is"
        + " refused, never counted as success. The FlowFile content is not read.")
@SeeAlso(classNames = {"io.nifidataops.processors.RouteToLakeZone", "io.nifidataops.processors.PutLakeParquet",
        "io.nifidataops.catalog.GlueCatalogService"})
@UseCase(description = "Register Parquet objects another writer put in S3 (one partition per FlowFile)",
        keywords = {"glue", "partition", "external writer"},
        configuration = """
                Give each FlowFile lake.location (the table root, s3://bucket/prefix/zone/source/dataset/), lake.schema and the
                lake.zone, lake.source and lake.dataset attributes the Glue table name is derived from.
                Set "Partition Attributes" to the attributes whose values name the FlowFile's partition, in path order, for example ingest.date;
                the objects must be under <lake.location><column>=<value>/.
                Set "Catalog Service" to a GlueCatalogService.
                """)
@MultiProcessorUseCase(description = "Ingest records into a governed lake table",
        notes = "Validated records land as Hive-partitioned Parquet in the zone their validation outcome picks, and the Glue table and"
                + " partitions are registered, so Athena can query them at once. Objects are named by their content: a replay overwrites"
                + " the same objects instead of duplicating them.",
        keywords = {"data lake", "parquet", "glue", "athena", "zones", "governed ingestion"},
        configurations = {
                @ProcessorConfiguration(processorClassName = "io.nifidataops.processors.RouteToLakeZone", configuration = """
                        Set "Default Bucket" to the lake's bucket and "Default Prefix" to the prefix above the zones.
                        The FlowFiles need lake.source and lake.dataset attributes (set them where the data enters, e.g. with UpdateAttribute),
                        and validation.outcome when ValidateRecordExpectations ran before.
                        Connect "structured", "quarantine" and "raw" to PutLakeParquet; auto-terminate or handle "unmatched".
                        """),
                @ProcessorConfiguration(processorClassName = "io.nifidataops.processors.PutLakeParquet", configuration = """
                        Set "Record Reader", "AWS Connection Service" and, to create or evolve the table before objects land, "Catalog Service".
                        Leave Bucket, Prefix, Zone, Source and Dataset at their defaults (the lake.* attributes RouteToLakeZone wrote).
                        Set "Date Partition Field" (for example ts) and "Partition Columns" (for example ward).
                        Connect "success" to RegisterGlueTable; "retry" back to PutLakeParquet; "failure" to an error handler.
                        """),
                @ProcessorConfiguration(processorClassName = "io.nifidataops.processors.RegisterGlueTable", configuration = """
                        Set "Catalog Service" to the same GlueCatalogService as PutLakeParquet's (Database, for example #{glue.database}).
                        The table and partitions come from the attributes PutLakeParquet wrote (lake.location, lake.partitions, lake.schema).
                        Connect "retry" back to RegisterGlueTable; "success" and "failure" onwards.
                        """)
        })
@ReadsAttributes({
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_LOCATION, description = "Table root, s3://bucket/prefix/zone/source/dataset/"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_FORMAT, description = "Must be parquet"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_COMPRESSION, description = "Parquet codec, recorded as the table's compressionType"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_PARTITIONS, description = "JSON array of the partitions written, each a map of column to value"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_SCHEMA, description = "Avro schema (JSON) of the written data: the table's columns"),
        @ReadsAttribute(attribute = LakeTableAttributes.AVRO_SCHEMA, description = "The table's columns when lake.schema is absent (data another writer"
                + " wrote, with its record writer set to write this attribute)"),
        @ReadsAttribute(attribute = "lake.zone, lake.source, lake.dataset", description = "Used by the catalog service's default Table name")})
@WritesAttributes({
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_DATABASE, description = "Glue database of the table"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_TABLE, description = "Glue table name"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_TABLE_VERSION, description = "Table VersionId as last read by the catalog service;"
                + " with glue.database and glue.table it names the schema, so lake.schema is removed on success"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_PARTITIONS_CREATED, description = "Partitions this FlowFile added"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_ERROR, description = "On failure or retry: why, naming attributes, columns, types"
                + " and locations, no values"),
        @WritesAttribute(attribute = DataOpsAttributes.GLUE_ERROR_CODE, description = "On failure or retry: AWS error code or error kind")})
public class RegisterGlueTable extends AbstractProcessor {

    static final PropertyDescriptor CATALOG_SERVICE = new PropertyDescriptor.Builder()
            .name("Catalog Service")
            .description("The lake's table catalog: names the table of each FlowFile and holds the schema evolution policy;"
                    + " use the same service as PutLakeParquet")
            .required(true)
            .identifiesControllerService(LakeCatalogService.class)
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The table and partitions hold what the FlowFile describes")
            .build();

    static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("Glue was unavailable, throttled or timed out; the FlowFile is penalized and worth trying again (connect this"
                    + " back to the processor, or set retries on this relationship)")
            .build();

    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("Lake attributes missing or malformed, a schema Hive cannot express or the policy forbids, a table or partition"
                    + " registered at another location, or Glue refused the request (e.g. access denied); glue.error says why")
            .build();

    static final PropertyDescriptor PARTITION_ATTRIBUTES = new PropertyDescriptor.Builder()
            .name("Partition Attributes")
            .description("For data another writer put in S3: comma-separated FlowFile attributes whose values name the one partition"
                    + " the FlowFile's objects are in, in path order, used when lake.partitions is absent. The partition column is the"
                    + " attribute name normalized (ingest.date becomes ingest_date); the objects must be under"
                    + " <lake.location><column>=<value>/...")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(CATALOG_SERVICE, PARTITION_ATTRIBUTES);
    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_RETRY, REL_FAILURE);
    private static final int MAX_BATCH = 100;

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    /** One FlowFile of a batch and what it asks for. */
    private static final class Write {
        private FlowFile flowFile;
        private final LakeTableInput input;
        private TableRegistration table;

        Write(final FlowFile flowFile, final LakeTableInput input) {
            this.flowFile = flowFile;
            this.input = input;
        }
    }

    // Takes up to MAX_BATCH FlowFiles so that the new partitions of many small writes into one table go to Glue together:
    // one BatchCreatePartition per 100 new partitions however the data was split into FlowFiles.
    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        final List<FlowFile> flowFiles = session.get(MAX_BATCH);
        if (flowFiles.isEmpty()) {
            return;
        }
        final LakeCatalogService catalog = context.getProperty(CATALOG_SERVICE).asControllerService(LakeCatalogService.class);
        final Map<TableTarget, List<Write>> byTable = new LinkedHashMap<>();
        final List<String> partitionAttributes = context.getProperty(PARTITION_ATTRIBUTES).isSet()
                ? Arrays.stream(context.getProperty(PARTITION_ATTRIBUTES).getValue().split(",")).map(String::strip).filter(name -> !name.isEmpty()).toList()
                : List.of();
        for (final FlowFile flowFile : flowFiles) {
            try {
                final Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
                if (!attributes.containsKey(DataOpsAttributes.LAKE_PARTITIONS) && !partitionAttributes.isEmpty()) {
                    attributes.put(DataOpsAttributes.LAKE_PARTITIONS, LakeTableAttributes.partitionsFromAttributes(partitionAttributes, attributes));
                }
                final LakeTableInput input = LakeTableAttributes.from(attributes);
                byTable.computeIfAbsent(catalog.target(attributes), key -> new ArrayList<>()).add(new Write(flowFile, input));
            } catch (CatalogException e) {
                route(session, flowFile, REL_FAILURE, "Invalid", e.getMessage());
            } catch (RuntimeException e) {
                // An expression of the catalog service's names that cannot be evaluated for this FlowFile
                getLogger().debug("Cannot name the table of {}", flowFile, e);
                route(session, flowFile, REL_FAILURE, "Invalid", "the table name cannot be evaluated: " + SafeErrorMessages.describe(e));
            }
        }
        for (final Map.Entry<TableTarget, List<Write>> table : byTable.entrySet()) {
            try {
                register(session, catalog, table.getKey(), table.getValue());
            } catch (PartitionRegistrationException e) {
                routeRemaining(session, table.getValue(), e.retryable() ? REL_RETRY : REL_FAILURE, "PartitionRefused", e.getMessage());
            } catch (RuntimeException e) {
                final Classification classification = AwsErrorClassifier.classify(e);
                getLogger().debug("Glue call failed for table {}", table.getKey().qualified(), e);
                routeRemaining(session, table.getValue(), classification.retry() ? REL_RETRY : REL_FAILURE, classification.code(),
                        classification.description());
            }
        }
    }

    private void register(final ProcessSession session, final LakeCatalogService catalog, final TableTarget target, final List<Write> writes) {
        final List<Write> fitting = new ArrayList<>();
        for (final Write write : writes) {
            try {
                write.table = catalog.prepareTable(target, write.input);
                fitting.add(write);
            } catch (CatalogException e) {
                route(session, write.flowFile, REL_FAILURE, "Invalid", e.getMessage());
                write.flowFile = null;
            }
        }
        final Set<List<String>> created = new HashSet<>(catalog.registerPartitions(target, fitting.stream().map(write -> write.input).toList()));
        for (final Write write : fitting) {
            // A partition new to Glue is credited to the first FlowFile of the batch that brought it.
            final int partitions = (int) write.input.partitions().stream().filter(created::remove).count();
            final TableRegistration outcome = write.table.withPartitions(partitions);
            FlowFile flowFile = session.putAllAttributes(write.flowFile, Map.of(
                    DataOpsAttributes.GLUE_DATABASE, target.database(),
                    DataOpsAttributes.GLUE_TABLE, target.table(),
                    DataOpsAttributes.GLUE_TABLE_VERSION, outcome.tableVersion() == null ? "" : outcome.tableVersion(),
                    DataOpsAttributes.GLUE_PARTITIONS_CREATED, String.valueOf(partitions)));
            // The table now holds the schema: glue.table and glue.table.version name it, so later provenance events need not
            // carry a copy of the whole schema
            flowFile = session.removeAllAttributes(flowFile, Set.of(DataOpsAttributes.GLUE_ERROR, DataOpsAttributes.GLUE_ERROR_CODE,
                    DataOpsAttributes.LAKE_SCHEMA));
            session.getProvenanceReporter().invokeRemoteProcess(flowFile, catalog.tableUri(target), outcome.details(target));
            session.transfer(flowFile, REL_SUCCESS);
            write.flowFile = null;
        }
    }

    // Registration is idempotent: FlowFiles of the table not yet routed go together, to retry or failure.
    private void routeRemaining(final ProcessSession session, final List<Write> writes, final Relationship relationship, final String code,
                                final String reason) {
        for (final Write write : writes) {
            if (write.flowFile != null) {
                route(session, write.flowFile, relationship, code, reason);
                write.flowFile = null;
            }
        }
    }

    private void route(final ProcessSession session, final FlowFile flowFile, final Relationship relationship, final String code,
                       final String reason) {
        if (relationship == REL_RETRY) {
            getLogger().warn("Registering {} in Glue failed for now and is routed to retry: {}", flowFile, reason);
        } else {
            getLogger().error("Failed to register {} in Glue: {}", flowFile, reason);
        }
        FlowFile routed = session.putAllAttributes(flowFile, Map.of(DataOpsAttributes.GLUE_ERROR, reason, DataOpsAttributes.GLUE_ERROR_CODE, code));
        routed = session.penalize(routed);
        session.transfer(routed, relationship);
    }
}

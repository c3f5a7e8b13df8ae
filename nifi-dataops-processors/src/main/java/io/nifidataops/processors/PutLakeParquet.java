package io.nifidataops.processors;

import io.nifidataops.CauseChain;
import io.nifidataops.DataOpsAttributes;

import io.nifidataops.aws.AwsConnectionService;
import io.nifidataops.aws.AwsErrorClassifier;
import io.nifidataops.aws.AwsErrorClassifier.Classification;
import io.nifidataops.catalog.CatalogException;
import io.nifidataops.catalog.CatalogUnavailableException;
import io.nifidataops.catalog.LakeCatalogService;
import io.nifidataops.catalog.LakeTableAttributes;
import io.nifidataops.catalog.LakeTableInput;
import io.nifidataops.catalog.TableRegistration;
import io.nifidataops.catalog.TableTarget;
import io.nifidataops.lake.ContentDigest;
import io.nifidataops.lake.DateGranularity;
import io.nifidataops.lake.LakeFailures;
import io.nifidataops.lake.ObjectNames;
import io.nifidataops.lake.ObjectUploader;
import io.nifidataops.lake.PartitionKey;
import io.nifidataops.lake.Partitioner;
import io.nifidataops.lake.PlannedObject;
import io.nifidataops.lake.S3ObjectStore;
import io.nifidataops.lake.S3WriteOptions;
import io.nifidataops.lake.SentObject;
import io.nifidataops.lake.S3Outage;
import io.nifidataops.lake.ServerSideEncryption;
import io.nifidataops.lake.StagedTable;
import io.nifidataops.lake.StagingDirectory;
import io.nifidataops.lake.StagingException;
import io.nifidataops.lake.TableLocation;
import io.nifidataops.lake.TimestampUnit;
import io.nifidataops.lake.ZoneDecision;
import org.apache.nifi.annotation.behavior.InputRequirement;
import org.apache.nifi.annotation.behavior.InputRequirement.Requirement;
import org.apache.nifi.annotation.behavior.ReadsAttribute;
import org.apache.nifi.annotation.behavior.ReadsAttributes;
import org.apache.nifi.annotation.behavior.SystemResource;
import org.apache.nifi.annotation.behavior.SystemResourceConsideration;
import org.apache.nifi.annotation.behavior.WritesAttribute;
import org.apache.nifi.annotation.behavior.WritesAttributes;
import org.apache.nifi.annotation.documentation.CapabilityDescription;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.annotation.documentation.Tags;
import org.apache.nifi.annotation.lifecycle.OnScheduled;
import org.apache.nifi.annotation.lifecycle.OnStopped;
import org.apache.nifi.components.ConfigVerificationResult;
import org.apache.nifi.components.ConfigVerificationResult.Outcome;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;
import org.apache.nifi.expression.ExpressionLanguageScope;
import org.apache.nifi.flowfile.FlowFile;
import org.apache.nifi.flowfile.attributes.CoreAttributes;
import org.apache.nifi.logging.ComponentLog;
import org.apache.nifi.migration.PropertyConfiguration;
import org.apache.nifi.processor.AbstractProcessor;
import org.apache.nifi.processor.ProcessContext;
import org.apache.nifi.processor.ProcessSession;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.processor.VerifiableProcessor;
import org.apache.nifi.processor.util.StandardValidators;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.RecordReaderFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@Tags({"lake", "parquet", "s3", "hive", "partition", "athena", "glue", "record", "put"})
@CapabilityDescription("Writes the records of a FlowFile as Parquet objects to S3 (or any S3-compatible store) under Hive-style"
        + " partitions, <prefix>/<zone>/<source>/<dataset>/<column>=<value>/.../part-*.parquet, or stores the content byte for"
        + " byte for the raw zone. Object names derive from the content and the partition, so a replayed or duplicated FlowFile"
        + " overwrites its objects with identical bytes instead of duplicating them, and no object is ever deleted. With a Catalog"
        + " Service, the table is created or evolved before any object lands, so data the table's schema policy refuses never"
        + " reaches readers. The original FlowFile goes to success with the table location, partitions and schema for the catalog"
        + " step. Records are staged as local files (Staging Directory) before upload. Only PutObject and multipart uploads are"
        + " used: a write-only role is enough.")
@SeeAlso(classNames = {"io.nifidataops.processors.RouteToLakeZone", "io.nifidataops.processors.RegisterGlueTable",
        "io.nifidataops.catalog.GlueCatalogService", "io.nifidataops.aws.StandardAwsConnectionService"})
@UseCase(description = "Write records as Hive-partitioned Parquet that Athena, Glue and Spark read",
        keywords = {"parquet", "s3", "partition", "athena"},
        configuration = """
                Set "Record Reader" to a reader for the content and "AWS Connection Service" to the lake's S3 connection.
                Bucket, Prefix, Zone, Source and Dataset default to the lake.* attributes RouteToLakeZone and the source set.
                Set "Date Partition Field" to the record's timestamp field (for example ts) and, if the lake's days are local days,
                "Date Partition Time Zone" (for example Europe/Berlin). Set "Partition Columns" to low-cardinality fields such as ward.
                Optionally set "Catalog Service" so the table is created or evolved before any object lands.
                Connect "success" to RegisterGlueTable, "retry" back to this processor, "failure" to an error handler.
                """)
@UseCase(description = "Land the content of each FlowFile byte for byte in the raw zone",
        keywords = {"raw zone", "landing", "archive"},
        configuration = """
                Set "Output Format" to Raw. No Record Reader is needed; the content is stored unchanged under a name derived from its SHA-256.
                Set "Partition Attributes" to attributes that partition the raw zone, for example lake.ingest.date.
                """)
@UseCase(description = "Serve several datasets that partition differently with one processor",
        keywords = {"expression language", "partition", "multi-dataset"},
        configuration = """
                Set "Partition Columns" to ${lake.partition.columns} and "Date Partition Field" to ${lake.date.field}.
                Upstream, set those attributes per dataset (for example with UpdateAttribute): lake.partition.columns=ward for vitals,
                lake.date.field=collected_at for lab results. An empty or missing attribute means no such partition for that FlowFile.
                """)
@SystemResourceConsideration(resource = SystemResource.MEMORY, description = "Each concurrent task holds up to Row Group Size x"
        + " Maximum Open Partitions of encoded records, plus one Multipart Part Size buffer while uploading")
@SystemResourceConsideration(resource = SystemResource.DISK, description = "The Staging Directory holds each FlowFile's Parquet files"
        + " until they are uploaded: about the size of its Parquet output per concurrent task")
@InputRequirement(Requirement.INPUT_REQUIRED)
@ReadsAttributes({
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_BUCKET, description = "Default of Bucket"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_PREFIX, description = "Default of Prefix"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_ZONE, description = "Default of Zone"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_SOURCE, description = "Default of Source"),
        @ReadsAttribute(attribute = DataOpsAttributes.LAKE_DATASET, description = "Default of Dataset"),
        @ReadsAttribute(attribute = "filename", description = "Raw format: the extension of the object name comes from it"),
        @ReadsAttribute(attribute = "mime.type", description = "Raw format: the object's content type")})
@WritesAttributes({
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_LOCATION, description = "Table root, s3://bucket/prefix/zone/source/dataset/"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_ZONE, description = "The zone written to (Zone evaluated), replacing an earlier step's"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_SOURCE, description = "The source written to (Source evaluated)"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_DATASET, description = "The dataset written to (Dataset evaluated); glue.database,"
                + " glue.table, glue.table.version and glue.partitions.created of an earlier table are removed"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_FORMAT, description = "parquet or raw"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_COMPRESSION, description = "Parquet compression, e.g. snappy"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_OBJECT_COUNT, description = "Objects written"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_PARTITIONS, description = "JSON array of the partitions written, each a map of column to value"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_SCHEMA, description = "Avro schema (JSON) of the Parquet data, column names normalized"),
        @WritesAttribute(attribute = DataOpsAttributes.RECORD_COUNT, description = "Records written"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_ERROR, description = "On failure or retry: why, naming fields and types but no values"),
        @WritesAttribute(attribute = DataOpsAttributes.LAKE_ERROR_CODE, description = "On failure or retry: AWS error code or error kind")})
public class PutLakeParquet extends AbstractProcessor implements VerifiableProcessor {

    static final Validator TIME_ZONE_VALIDATOR = (subject, value, context) -> {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(value);
        try {
            ZoneId.of(value.strip());
            return result.valid(true).build();
        } catch (final DateTimeException | NullPointerException e) {
            return result.valid(false).explanation("not a time zone: use UTC, a region ID such as Europe/Berlin, or an offset such as +01:00").build();
        }
    };

    static final PropertyDescriptor OUTPUT_FORMAT = new PropertyDescriptor.Builder()
            .name("Output Format")
            .description("Parquet for the structured zones; Raw stores the content unchanged, for the raw zone")
            .required(true)
            .allowableValues(LakeOutputFormat.class)
            .defaultValue(LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor RECORD_READER = new PropertyDescriptor.Builder()
            .name("Record Reader")
            .description("Reads the records to write; its schema becomes the table schema")
            .identifiesControllerService(RecordReaderFactory.class)
            .required(true)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor AWS_CONNECTION_SERVICE = new PropertyDescriptor.Builder()
            .name("AWS Connection Service")
            .description("Region, endpoint and credentials of the S3 store")
            .identifiesControllerService(AwsConnectionService.class)
            .required(true)
            .build();

    static final PropertyDescriptor CATALOG_SERVICE = new PropertyDescriptor.Builder()
            .name("Catalog Service")
            .description("The lake's table catalog (the same service as RegisterGlueTable's). When set, the FlowFile's table is created"
                    + " or evolved under its schema evolution policy after the records are staged and before any object is uploaded:"
                    + " a FlowFile the policy refuses, or whose table lies elsewhere, goes to failure with nothing written")
            .identifiesControllerService(LakeCatalogService.class)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor BUCKET = locationProperty("Bucket", "${lake.bucket}", "S3 bucket of the lake", true);
    static final PropertyDescriptor PREFIX = locationProperty("Prefix", "${lake.prefix}", "Key prefix above the zones; may be empty", false);
    static final PropertyDescriptor ZONE = locationProperty("Zone", "${lake.zone}", "Lake zone: raw, structured, curated, ...", true);
    static final PropertyDescriptor SOURCE = locationProperty("Source", "${lake.source}", "Source system: hospital, device, lab, ...", true);
    static final PropertyDescriptor DATASET = locationProperty("Dataset", "${lake.dataset}", "Dataset (table) name, e.g. vitals", true);

    static final PropertyDescriptor PARTITION_COLUMNS = new PropertyDescriptor.Builder()
            .name("Partition Columns")
            .description("Comma-separated partition columns, in path order after the date partition. Each is a top-level record"
                    + " field, which moves from the data into the path as Hive and Glue require, or column=RecordPath (e.g."
                    + " site=/encounter/location/site), a value anywhere in the record that the path repeats while the data keeps"
                    + " it; a path that selects several values in a record fails the FlowFile. Evaluated per FlowFile, so one"
                    + " processor can serve datasets partitioned differently (e.g. ${lake.partition.columns}); empty for a"
                    + " FlowFile means no field partitions")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .addValidator(RecordPathListValidator.INSTANCE)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor DATE_PARTITION_FIELD = new PropertyDescriptor.Builder()
            .name("Date Partition Field")
            .description("Timestamp or date field a date partition is derived from (in the Date Partition Time Zone): a top-level"
                    + " field name or a RecordPath such as /period/start; the field itself stays in the data. Evaluated per"
                    + " FlowFile; empty for a FlowFile means no date partition")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .addValidator(RecordPathListValidator.INSTANCE)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor DATE_PARTITION_COLUMN = new PropertyDescriptor.Builder()
            .name("Date Partition Column")
            .description("Name of the date partition column")
            .required(true)
            .defaultValue("event_date")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .dependsOn(DATE_PARTITION_FIELD)
            .build();

    static final PropertyDescriptor DATE_PARTITION_GRANULARITY = new PropertyDescriptor.Builder()
            .name("Date Partition Granularity")
            .description("MONTH gives 2026-11, DAY 2026-11-23, HOUR 2026-11-23-10")
            .required(true)
            .allowableValues(names(DateGranularity.values()))
            .defaultValue(DateGranularity.DAY.name())
            .dependsOn(DATE_PARTITION_FIELD)
            .build();

    static final PropertyDescriptor DATE_PARTITION_TIME_ZONE = new PropertyDescriptor.Builder()
            .name("Date Partition Time Zone")
            .description("Time zone whose calendar gives the date partition's value, e.g. Europe/Berlin: a timestamp of 23:30 UTC on"
                    + " 2026-11-23 falls in the 2026-11-24 partition there. UTC, a region ID such as America/New_York, or an offset such"
                    + " as +01:00. Timestamps without a zone are read as UTC before they are converted")
            .required(true)
            .defaultValue("UTC")
            .addValidator(TIME_ZONE_VALIDATOR)
            .dependsOn(DATE_PARTITION_FIELD)
            .build();

    static final PropertyDescriptor PARTITION_ATTRIBUTES = new PropertyDescriptor.Builder()
            .name("Partition Attributes")
            .description("Comma-separated FlowFile attributes whose values partition the table, last in path order;"
                    + " the column is the attribute name normalized (lake.ingest.date becomes lake_ingest_date)")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .build();

    static final PropertyDescriptor COMPRESSION = new PropertyDescriptor.Builder()
            .name("Compression")
            .description("Parquet page compression")
            .required(true)
            .allowableValues(ParquetCompression.class)
            .defaultValue(ParquetCompression.SNAPPY)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor TIMESTAMP_PRECISION = new PropertyDescriptor.Builder()
            .name("Timestamp Precision")
            .description("Unit of Parquet timestamps (UTC-adjusted INT64): MICROS as Spark and Athena write, or MILLIS")
            .required(true)
            .allowableValues(names(TimestampUnit.values()))
            .defaultValue(TimestampUnit.MICROS.name())
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor ROW_GROUP_SIZE = new PropertyDescriptor.Builder()
            .name("Row Group Size")
            .description("Bytes of a Parquet row group. Each open partition file buffers up to one row group in heap")
            .required(true)
            .defaultValue("32 MB")
            .addValidator(StandardValidators.DATA_SIZE_VALIDATOR)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor MAX_RECORDS_PER_OBJECT = new PropertyDescriptor.Builder()
            .name("Maximum Records Per Object")
            .description("A partition continues in a new object after this many records")
            .required(true)
            .defaultValue("1000000")
            .addValidator(StandardValidators.POSITIVE_LONG_VALIDATOR)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor MAX_OPEN_PARTITIONS = new PropertyDescriptor.Builder()
            .name("Maximum Open Partitions")
            .description("Partition files open at once; when another is needed the least recently used is finished (a partition"
                    + " may then get several objects). Heap: up to Row Group Size x this number per concurrent task")
            .required(true)
            .defaultValue("8")
            .addValidator(StandardValidators.POSITIVE_INTEGER_VALIDATOR)
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor BACKGROUND_ENCODING = new PropertyDescriptor.Builder()
            .name("Background Encoding")
            .description("Encodes Parquet on a second thread while this task reads and converts the next records, so one FlowFile"
                    + " uses up to two cores and is written in about the time of the slower half instead of the sum. Set to false"
                    + " where every core already runs a concurrent task. FlowFiles of fewer than 1,024 records always stay on the task's thread")
            .required(true)
            .allowableValues("true", "false")
            .defaultValue("true")
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final PropertyDescriptor MULTIPART_THRESHOLD = new PropertyDescriptor.Builder()
            .name("Multipart Threshold")
            .description("Objects of this size or larger are uploaded in parts")
            .required(true)
            .defaultValue("16 MB")
            .addValidator(StandardValidators.createDataSizeBoundsValidator(0, S3WriteOptions.MAX_PART_SIZE))
            .build();

    static final PropertyDescriptor MULTIPART_PART_SIZE = new PropertyDescriptor.Builder()
            .name("Multipart Part Size")
            .description("Bytes per part of a multipart upload; one part is held in heap during upload")
            .required(true)
            .defaultValue("8 MB")
            .addValidator(StandardValidators.createDataSizeBoundsValidator(S3WriteOptions.MIN_PART_SIZE, S3WriteOptions.MAX_PART_SIZE))
            .build();

    static final PropertyDescriptor SERVER_SIDE_ENCRYPTION = new PropertyDescriptor.Builder()
            .name("Server Side Encryption")
            .description("How S3 encrypts the objects")
            .required(true)
            .allowableValues(ServerSideEncryption.class)
            .defaultValue(ServerSideEncryption.NONE)
            .build();

    static final PropertyDescriptor KMS_KEY_ID = new PropertyDescriptor.Builder()
            .name("KMS Key ID")
            .description("KMS key ID or ARN; when empty, the account's aws/s3 key")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .dependsOn(SERVER_SIDE_ENCRYPTION, ServerSideEncryption.KMS)
            .build();

    static final PropertyDescriptor STORAGE_CLASS = new PropertyDescriptor.Builder()
            .name("Storage Class")
            .description("S3 storage class of the objects; when not set, the bucket's default")
            .allowableValues(StorageClass.knownValues().stream().map(StorageClass::toString).sorted().toArray(String[]::new))
            .build();

    static final PropertyDescriptor OBJECT_TAGS = new PropertyDescriptor.Builder()
            .name("Object Tags")
            .description("S3 tags for every object written: key=value entries separated by commas or line breaks, e.g."
                    + " classification=phi,dataset=${lake.dataset}. Each entry is evaluated against the FlowFile after the list is split,"
                    + " and split at its first '='. S3 allows 10 tags per object")
            .addValidator(StandardValidators.NON_BLANK_VALIDATOR)
            .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
            .build();

    static final PropertyDescriptor STAGING_DIRECTORY = new PropertyDescriptor.Builder()
            .name("Staging Directory")
            .description("Local directory for the Parquet files of a FlowFile until they are uploaded (unencrypted records: keep it on an"
                    + " encrypted volume). Each processor stages in a subdirectory named by its identifier; each FlowFile's files are"
                    + " deleted afterwards, and whatever a crash left there is deleted when the processor starts")
            .required(true)
            .defaultValue("${java.io.tmpdir}")
            .expressionLanguageSupported(ExpressionLanguageScope.ENVIRONMENT)
            .addValidator(StandardValidators.createDirectoryExistsValidator(true, true))
            .dependsOn(OUTPUT_FORMAT, LakeOutputFormat.PARQUET)
            .build();

    static final Relationship REL_SUCCESS = new Relationship.Builder()
            .name("success")
            .description("The original FlowFile, once all its objects are written")
            .build();

    static final Relationship REL_RETRY = new Relationship.Builder()
            .name("retry")
            .description("S3 was unavailable, throttled or timed out, or local staging failed; the FlowFile is penalized and worth"
                    + " trying again (connect this back to the processor, or set retries on this relationship). Objects already"
                    + " written stay and are overwritten with identical bytes by the retry")
            .build();

    static final Relationship REL_FAILURE = new Relationship.Builder()
            .name("failure")
            .description("FlowFiles whose records or settings cannot be written, whose schema the Catalog Service refuses, or that S3"
                    + " refused (access denied, no such bucket); lake.error says why. Trying again unchanged will not help")
            .build();

    private static final List<PropertyDescriptor> PROPERTY_DESCRIPTORS = List.of(OUTPUT_FORMAT, RECORD_READER, AWS_CONNECTION_SERVICE,
            CATALOG_SERVICE, BUCKET, PREFIX, ZONE, SOURCE, DATASET, PARTITION_COLUMNS, DATE_PARTITION_FIELD, DATE_PARTITION_COLUMN,
            DATE_PARTITION_GRANULARITY, DATE_PARTITION_TIME_ZONE, PARTITION_ATTRIBUTES, COMPRESSION, TIMESTAMP_PRECISION, ROW_GROUP_SIZE,
            MAX_RECORDS_PER_OBJECT, MAX_OPEN_PARTITIONS, BACKGROUND_ENCODING, MULTIPART_THRESHOLD, MULTIPART_PART_SIZE,
            SERVER_SIDE_ENCRYPTION, KMS_KEY_ID, STORAGE_CLASS, OBJECT_TAGS, STAGING_DIRECTORY);

    /** Names this processor's properties had before; old flows are migrated to the current ones. */
    private static final Map<String, PropertyDescriptor> RENAMED_PROPERTIES = Map.of(
            "Max Records Per Object", MAX_RECORDS_PER_OBJECT,
            "Server-Side Encryption", SERVER_SIDE_ENCRYPTION);

    private static final Set<Relationship> RELATIONSHIPS = Set.of(REL_SUCCESS, REL_RETRY, REL_FAILURE);

    private volatile PutLakeSettings settings;
    private volatile ExecutorService encoders;
    private volatile Path stagingArea;
    private final S3Outage outage = new S3Outage();

    @Override
    public Set<Relationship> getRelationships() {
        return RELATIONSHIPS;
    }

    @Override
    protected List<PropertyDescriptor> getSupportedPropertyDescriptors() {
        return PROPERTY_DESCRIPTORS;
    }

    /**
     * Renamed properties keep their values; the dynamic properties that used to tag objects (key = property name, value = tag
     * value, Expression Language included) become entries of Object Tags, in their flow order.
     */
    @Override
    public void migrateProperties(final PropertyConfiguration config) {
        RENAMED_PROPERTIES.forEach((oldName, property) -> {
            if (config.hasProperty(oldName)) {
                config.renameProperty(oldName, property.getName());
            }
        });
        final Set<String> supported = new HashSet<>();
        PROPERTY_DESCRIPTORS.forEach(property -> supported.add(property.getName()));
        final Map<String, String> tags = new LinkedHashMap<>();
        config.getRawProperties().forEach((name, value) -> {
            if (!supported.contains(name)) {
                tags.put(name, value);
            }
        });
        if (tags.isEmpty()) {
            return;
        }
        final String existing = config.getRawPropertyValue(OBJECT_TAGS).orElse(null);
        final String migrated = ObjectTags.format(tags);
        config.setProperty(OBJECT_TAGS, existing == null || existing.isBlank() ? migrated : existing + "\n" + migrated);
        tags.keySet().forEach(config::removeProperty);
    }

    @Override
    protected Collection<ValidationResult> customValidate(final ValidationContext context) {
        final String invalid = ObjectTags.invalidReason(context.getProperties().get(OBJECT_TAGS));
        if (invalid == null) {
            return List.of();
        }
        return List.of(new ValidationResult.Builder().subject(OBJECT_TAGS.getName()).valid(false).explanation(invalid).build());
    }

    @OnScheduled
    public void onScheduled(final ProcessContext context) throws StagingException {
        final boolean background = context.getProperty(OUTPUT_FORMAT).asAllowableValue(LakeOutputFormat.class) == LakeOutputFormat.PARQUET
                && context.getProperty(BACKGROUND_ENCODING).asBoolean();
        // One encoder per concurrent task at most, on threads this processor owns and stops
        encoders = background ? Executors.newFixedThreadPool(context.getMaxConcurrentTasks(), encoderThreads()) : null;
        settings = PutLakeSettings.from(context, encoders);
        outage.clear();
        if (settings.stagingDirectory() != null) {
            stagingArea = settings.stagingDirectory().resolve(getIdentifier());
            final int removed = StagingDirectory.sweep(stagingArea);
            if (removed > 0) {
                getLogger().info("Removed {} staged files and directories an earlier run left in {}", removed, stagingArea);
            }
        }
    }

    @OnStopped
    public void onStopped() throws InterruptedException {
        final ExecutorService running = encoders;
        encoders = null;
        if (running != null) {
            running.shutdownNow();
            if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
                getLogger().warn("Parquet encoder threads did not stop within 30 seconds");
            }
        }
    }

    /** An earlier failure's error, and the Glue table of an earlier write: they no longer describe a FlowFile written here. */
    private static final Set<String> STALE_ATTRIBUTES = Set.of(DataOpsAttributes.LAKE_ERROR, DataOpsAttributes.LAKE_ERROR_CODE,
            DataOpsAttributes.GLUE_DATABASE, DataOpsAttributes.GLUE_TABLE, DataOpsAttributes.GLUE_TABLE_VERSION, DataOpsAttributes.GLUE_PARTITIONS_CREATED);

    @Override
    public void onTrigger(final ProcessContext context, final ProcessSession session) {
        // During an S3 outage, a cheap probe instead of reading and encoding a FlowFile only to fail at upload
        if (outage.suspected() && !outage.probe(awsConnection(context).getS3Client())) {
            context.yield();
            return;
        }
        FlowFile flowFile = session.get();
        if (flowFile == null) {
            return;
        }
        try {
            final TableLocation location = location(context, flowFile);
            final S3Client s3 = awsConnection(context).getS3Client();
            final S3ObjectStore store = new S3ObjectStore(s3, settings.writeOptions().withTags(tags(context, flowFile)));
            final ObjectUploader uploader = new ObjectUploader(store, location.bucket());
            final LakeWriteSummary summary = settings.format() == LakeOutputFormat.RAW
                    ? writeRaw(session, flowFile, location, uploader)
                    : writeParquet(context, session, flowFile, location, uploader);
            flowFile = session.putAllAttributes(flowFile, summary.attributes());
            flowFile = session.removeAllAttributes(flowFile, STALE_ATTRIBUTES);
            if (summary.catalogChange() != null) {
                session.getProvenanceReporter().invokeRemoteProcess(flowFile, summary.catalogChange().uri(), summary.catalogChange().details());
            }
            for (final SentObject sent : summary.objects()) {
                session.getProvenanceReporter().send(flowFile, sent.object().uri(), summary.details(sent), sent.millis());
            }
            session.transfer(flowFile, REL_SUCCESS);
        } catch (final Exception e) {
            handleFailure(context, session, flowFile, e);
        }
    }

    @Override
    public List<ConfigVerificationResult> verify(final ProcessContext context, final ComponentLog verificationLogger, final Map<String, String> attributes) {
        final String bucket = context.getProperty(BUCKET).evaluateAttributeExpressions(attributes).getValue();
        final ConfigVerificationResult.Builder result = new ConfigVerificationResult.Builder().verificationStepName("Head Bucket");
        if (bucket == null || bucket.isBlank()) {
            return List.of(result.outcome(Outcome.FAILED).explanation("Bucket is empty for the given attributes").build());
        }
        try {
            awsConnection(context).getS3Client().headBucket(request -> request.bucket(bucket));
            return List.of(result.outcome(Outcome.SUCCESSFUL).explanation("Bucket " + bucket + " exists and is accessible").build());
        } catch (final RuntimeException e) {
            if (e instanceof SdkServiceException service && service.statusCode() == 403) {
                return List.of(result.outcome(Outcome.SKIPPED).explanation("Bucket " + bucket + " answered HeadBucket with 403: the"
                        + " credentials may not read it. Writing needs no read permission (a write-only role is enough), so only a write"
                        + " shows whether it is allowed").build());
            }
            final String reason = AwsErrorClassifier.classify(e).description();
            verificationLogger.warn("HeadBucket on {} failed: {}", bucket, reason);
            return List.of(result.outcome(Outcome.FAILED).explanation("Bucket " + bucket + ": " + reason).build());
        }
    }

    private LakeWriteSummary writeParquet(final ProcessContext context, final ProcessSession session, final FlowFile flowFile,
                                          final TableLocation location, final ObjectUploader uploader) throws Exception {
        final RecordReaderFactory readerFactory = context.getProperty(RECORD_READER).asControllerService(RecordReaderFactory.class);
        try (StagingDirectory staging = StagingDirectory.create(stagingArea);
             InputStream content = session.read(flowFile);
             ContentDigest digesting = new ContentDigest(content);
             RecordReader reader = RecordReads.open(readerFactory, flowFile.getAttributes(), digesting, flowFile.getSize(), DebugOnlyLog.of(getLogger()))) {
            // Raw values (no coercion to the schema, unknown fields kept): the converters turn each value into its Avro column type
            // themselves, with PHI-free errors, so coercing first would only convert every value twice
            final StagedTable table = settings.stager().stage(settings.partitionSpec(context, flowFile), reader.getSchema(), () -> RecordReads.next(reader, false, false), flowFile.getAttributes(),
                    location.dataset(), staging.path());
            final CatalogChange change = prepareTable(context, flowFile, LakeWriteSummary.parquet(location, settings.compression(), table, List.of()));
            final List<SentObject> sent = uploader.uploadAll(table.objects(location, digesting.finish()));
            return LakeWriteSummary.parquet(location, settings.compression(), table, sent).withCatalogChange(change);
        }
    }

    /**
     * With a Catalog Service, the table is made to hold the staged data before any object is uploaded: a schema the policy
     * refuses, or a table at another location, fails here and nothing lands where readers look.
     *
     * @return what changed in the catalog, for provenance; null when nothing did or no service is set
     */
    private CatalogChange prepareTable(final ProcessContext context, final FlowFile flowFile, final LakeWriteSummary staged) {
        final LakeCatalogService catalog = context.getProperty(CATALOG_SERVICE).asControllerService(LakeCatalogService.class);
        if (catalog == null) {
            return null;
        }
        final Map<String, String> attributes = new HashMap<>(flowFile.getAttributes());
        attributes.putAll(staged.attributes());
        final TableTarget target = catalog.target(attributes);
        final LakeTableInput input = LakeTableAttributes.from(attributes);
        final TableRegistration registration;
        try {
            registration = catalog.prepareTable(target, input);
        } catch (final CatalogException e) {
            throw e;
        } catch (final RuntimeException e) {
            throw new CatalogUnavailableException(e);
        }
        return registration.tableCreated() || registration.databaseCreated() || !registration.addedColumns().isEmpty()
                || !registration.widenedColumns().isEmpty() ? new CatalogChange(catalog.tableUri(target), registration.details(target)) : null;
    }

    private LakeWriteSummary writeRaw(final ProcessSession session, final FlowFile flowFile, final TableLocation location,
                                      final ObjectUploader uploader) throws Exception {
        final String digest;
        try (ContentDigest digesting = new ContentDigest(session.read(flowFile))) {
            digest = digesting.finish();
        }
        final PartitionKey partition = Partitioner.attributeKey(settings.partitionAttributes(), flowFile.getAttributes());
        final String key = location.objectKey(partition, ObjectNames.raw(digest, flowFile.getAttribute(CoreAttributes.FILENAME.key())));
        final String mimeType = flowFile.getAttribute(CoreAttributes.MIME_TYPE.key());
        final PlannedObject object = new PlannedObject(key, flowFile.getSize(), mimeType == null ? "application/octet-stream" : mimeType,
                () -> session.read(flowFile), 0);
        return LakeWriteSummary.raw(location, partition, uploader.uploadAll(List.of(object)).getFirst());
    }

    /**
     * Data, settings and refusals go to failure; transient trouble to retry; both penalized. A transient S3 error also marks an
     * outage, so that the next FlowFiles wait for a cheap probe instead of being read and encoded in vain. Only PHI-free
     * descriptions are logged; the exception itself only at DEBUG.
     */
    private void handleFailure(final ProcessContext context, final ProcessSession session, final FlowFile flowFile, final Exception failure) {
        final Classification classification = LakeFailures.classify(failure);
        getLogger().debug("Writing {} to the lake failed", flowFile, failure);
        final Relationship route;
        if (classification.retry()) {
            getLogger().warn("Writing {} to the lake failed for now and is routed to retry: {}", flowFile, classification.description());
            route = REL_RETRY;
            if (isS3Failure(failure)) {
                outage.suspect(value(context, BUCKET, flowFile));
                context.yield();
            }
        } else {
            if (SafeErrorMessages.isContentFault(failure)) {
                getLogger().warn("Writing {} to the lake failed on its content: {}", flowFile, classification.description());
            } else {
                getLogger().error("Writing {} to the lake failed: {}", flowFile, classification.description());
            }
            route = REL_FAILURE;
        }
        FlowFile routed = session.putAllAttributes(flowFile, Map.of(
                DataOpsAttributes.LAKE_ERROR, classification.description(), DataOpsAttributes.LAKE_ERROR_CODE, classification.code()));
        routed = session.penalize(routed);
        session.transfer(routed, route);
    }

    // An SDK error that did not come from the catalog step: S3 itself is unwell
    private static boolean isS3Failure(final Throwable failure) {
        for (final Throwable cause : CauseChain.of(failure)) {
            if (cause instanceof CatalogUnavailableException) {
                return false;
            }
            if (cause instanceof SdkException) {
                return true;
            }
        }
        return false;
    }

    private ThreadFactory encoderThreads() {
        final AtomicInteger count = new AtomicInteger();
        final String prefix = getClass().getSimpleName() + "[id=" + getIdentifier() + "] Parquet encoder ";
        return task -> Thread.ofPlatform().daemon().name(prefix + count.incrementAndGet()).unstarted(task);
    }

    private static TableLocation location(final ProcessContext context, final FlowFile flowFile) {
        return new TableLocation(value(context, BUCKET, flowFile), value(context, PREFIX, flowFile), value(context, ZONE, flowFile),
                value(context, SOURCE, flowFile), value(context, DATASET, flowFile));
    }

    private Map<String, String> tags(final ProcessContext context, final FlowFile flowFile) {
        return ObjectTags.evaluate(settings.objectTags(), entry -> context.newPropertyValue(entry).evaluateAttributeExpressions(flowFile).getValue());
    }

    private static AwsConnectionService awsConnection(final ProcessContext context) {
        return context.getProperty(AWS_CONNECTION_SERVICE).asControllerService(AwsConnectionService.class);
    }

    private static String value(final ProcessContext context, final PropertyDescriptor property, final FlowFile flowFile) {
        return context.getProperty(property).evaluateAttributeExpressions(flowFile).getValue();
    }

    private static String[] names(final Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toArray(String[]::new);
    }

    private static PropertyDescriptor locationProperty(final String name, final String defaultValue, final String description, final boolean required) {
        return new PropertyDescriptor.Builder()
                .name(name)
                .description(description)
                .required(required)
                .defaultValue(defaultValue)
                .expressionLanguageSupported(ExpressionLanguageScope.FLOWFILE_ATTRIBUTES)
                .addValidator(required ? StandardValidators.NON_EMPTY_EL_VALIDATOR : StandardValidators.ATTRIBUTE_EXPRESSION_LANGUAGE_VALIDATOR)
                .build();
    }
}

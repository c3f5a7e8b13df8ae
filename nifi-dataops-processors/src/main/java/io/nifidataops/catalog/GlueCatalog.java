package io.nifidataops.catalog;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.BatchCreatePartitionResponse;
import software.amazon.awssdk.services.glue.model.BatchGetPartitionResponse;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.PartitionError;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.PartitionInput;
import software.amazon.awssdk.services.glue.model.PartitionValueList;
import software.amazon.awssdk.services.glue.model.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Registers Parquet datasets in the Glue Data Catalog: database, table, schema evolution and partitions.
 * Remembers (bounded) which tables and partitions it has seen, so data arriving into known partitions of a table
 * whose schema it already holds costs no Glue call at all. Thread-safe; one instance per processor.
 *
 * <p>Concurrent writers (threads, cluster nodes, other tools) are safe: every table change is an UpdateTable with
 * the VersionId it was computed from, and a ConcurrentModificationException re-reads the table and merges again,
 * so nobody's columns are lost. Partitions are only ever added; one that already exists counts as success only where it
 * lies under the table's location, as does the table itself: a table or partition registered elsewhere is refused, so
 * data written to a path is never reported as registered while queries read another.
 *
 * <p>What it remembers expires ({@code cacheExpirationNanos}), so a table dropped or changed outside NiFi is seen again.
 */
public final class GlueCatalog {

    /** Glue's limit of partitions per BatchCreatePartition call. */
    public static final int MAX_PARTITIONS_PER_CALL = 100;
    private static final int MAX_TABLE_ATTEMPTS = 8;
    private static final Set<String> TRANSIENT_PARTITION_ERRORS = Set.of(
            "InternalServiceException", "OperationTimeoutException", "ThrottlingException", "ConcurrentModificationException");

    /**
     * @param projection Athena partition projection instead of registered partitions, or null
     * @param skipArchive true keeps no old table version on UpdateTable (Glue's SkipArchive)
     */
    public record Options(boolean createDatabase, SchemaEvolutionPolicy policy, boolean skipArchive, PartitionProjection projection) {
    }

    private record KnownTable(String location, List<HiveColumn> columns, List<String> partitionKeys, String version) {
    }

    private record PartitionId(TableTarget target, List<String> values) {
    }

    private final GlueClient glue;
    private final String catalogId;
    private final LruCache<TableTarget, KnownTable> tables;
    private final LruCache<PartitionId, Boolean> partitions;

    /**
     * @param catalogId the Glue Data Catalog ID (an AWS account ID) for a catalog shared across accounts, or null for the caller's
     * @param cacheExpirationNanos how long a table or partition seen is trusted without asking Glue; 0 trusts it until evicted
     * @param clock {@link System#nanoTime} but in tests
     */
    public GlueCatalog(final GlueClient glue, final String catalogId, final int maxTables, final int maxPartitions,
                       final long cacheExpirationNanos, final LongSupplier clock) {
        this.glue = glue;
        this.catalogId = catalogId;
        this.tables = new LruCache<>(maxTables, cacheExpirationNanos, clock);
        this.partitions = new LruCache<>(maxPartitions, cacheExpirationNanos, clock);
    }

    /** The caller's own catalog, remembered until evicted. */
    public GlueCatalog(final GlueClient glue, final int maxTables, final int maxPartitions) {
        this(glue, null, maxTables, maxPartitions, 0, System::nanoTime);
    }

    /** {@link #ensureTable} then {@link #addPartitions} for one write. */
    public TableRegistration register(final TableTarget target, final LakeTableInput input, final Options options) {
        final TableRegistration table = ensureTable(target, input, options);
        return table.withPartitions(addPartitions(target, List.of(input), options).size());
    }

    /**
     * Brings the database and table to a state that holds this write's columns; no call when the cached table does.
     *
     * @return what changed, without partitions
     * @throws CatalogException when the data does not fit the table (policy, partition keys) or the database is missing
     * @throws software.amazon.awssdk.core.exception.SdkException for the AWS call that failed
     */
    public TableRegistration ensureTable(final TableTarget target, final LakeTableInput input, final Options options) {
        final KnownTable cached = tables.get(target);
        if (cached != null && fits(cached, target, input, options.policy())) {
            return new TableRegistration(false, false, List.of(), List.of(), 0, cached.version());
        }
        final TableSync sync = new TableSync();
        final KnownTable known = sync.run(target, input, options);
        return new TableRegistration(sync.databaseCreated, sync.tableCreated, List.copyOf(sync.added), List.copyOf(sync.widened), 0, known.version());
    }

    /**
     * Registers the partitions of several writes into one table (already ensured) in as few calls as possible: those
     * not known yet, at most {@value #MAX_PARTITIONS_PER_CALL} per call. Nothing under partition projection.
     *
     * @return the partition values this call created (not those that already existed)
     * @throws PartitionRegistrationException when Glue refused partitions
     */
    public Set<List<String>> addPartitions(final TableTarget target, final List<LakeTableInput> inputs, final Options options) {
        final List<LakeTableInput> partitioned = inputs.stream().filter(input -> !input.partitions().isEmpty()).toList();
        if (options.projection() != null || partitioned.isEmpty()) {
            return Set.of();
        }
        KnownTable known = tables.get(target);
        if (known == null) {
            known = new TableSync().run(target, partitioned.get(0), options); // evicted from a full cache meanwhile
        }
        try {
            return createPartitions(target, known, partitioned);
        } catch (EntityNotFoundException e) {
            // The table was dropped behind our back: forget it, recreate it, then register the partitions once more.
            forget(target);
            for (final LakeTableInput input : partitioned) {
                known = new TableSync().run(target, input, options);
            }
            return createPartitions(target, known, partitioned);
        }
    }

    /** GetDatabase, for Verify. */
    public void checkDatabase(final String database) {
        glue.getDatabase(request -> request.catalogId(catalogId).name(database));
    }

    // The cached table already holds what the data needs: no call.
    private static boolean fits(final KnownTable known, final TableTarget target, final LakeTableInput input, final SchemaEvolutionPolicy policy) {
        if (!sameLocation(known.location(), input.location()) || !matchesPartitionKeys(known.partitionKeys(), input)) {
            return false;
        }
        try {
            return !SchemaEvolution.merge(known.columns(), input.columns(), policy, target.qualified()).changed();
        } catch (CatalogException e) {
            return false; // the cache may be stale: let the table itself decide
        }
    }

    // A write with no partitions (an empty FlowFile) fits any table: it only brings columns.
    private static boolean matchesPartitionKeys(final List<String> tableKeys, final LakeTableInput input) {
        return input.partitionKeys().isEmpty() || tableKeys.equals(input.partitionKeys());
    }

    // Glue keeps locations as given; ours end in a slash, others' may not.
    private static boolean sameLocation(final String registered, final String written) {
        return registered != null && stripSlashes(registered).equals(stripSlashes(written));
    }

    private static String stripSlashes(final String location) {
        int end = location.length();
        while (end > 0 && location.charAt(end - 1) == '/') {
            end--;
        }
        return location.substring(0, end);
    }

    private void forget(final TableTarget target) {
        tables.remove(target);
        partitions.removeIf(partition -> partition.target().equals(target));
    }

    /** Brings the table to a state that holds the data, retrying on concurrent changes; records what it changed. */
    private final class TableSync {

        private boolean databaseCreated;
        private boolean tableCreated;
        private final Set<String> added = new LinkedHashSet<>();
        private final Set<String> widened = new LinkedHashSet<>();

        KnownTable run(final TableTarget target, final LakeTableInput input, final Options options) {
            ConcurrentModificationException conflict = null;
            for (int attempt = 1; attempt <= MAX_TABLE_ATTEMPTS; attempt++) {
                final Table table = getTable(target);
                if (table == null) {
                    forget(target);
                    create(target, input, options);
                    continue; // read it back: the version, and whatever a concurrent creator put there
                }
                final String location = table.storageDescriptor() == null ? null : table.storageDescriptor().location();
                if (!sameLocation(location, input.location())) {
                    throw new CatalogException("table " + target.qualified() + " is at " + location + " but lake.location is "
                            + input.location() + "; give the data a table of its own (Table property) or write it to the table's location");
                }
                final List<String> keys = table.partitionKeys() == null ? List.of() : table.partitionKeys().stream().map(key -> key.name()).toList();
                if (!matchesPartitionKeys(keys, input)) {
                    throw new CatalogException("table " + target.qualified() + " is partitioned by " + keys + " but lake.partitions has "
                            + input.partitionKeys());
                }
                final List<HiveColumn> columns = GlueTables.hiveColumns(table.storageDescriptor() == null ? null : table.storageDescriptor().columns());
                final SchemaEvolution.Merge merge = SchemaEvolution.merge(columns, input.columns(), options.policy(), target.qualified());
                final Map<String, String> projection = missingProjection(table, input, options);
                if (!merge.changed() && projection.isEmpty()) {
                    final KnownTable known = new KnownTable(location, columns, keys, table.versionId());
                    tables.put(target, known);
                    return known;
                }
                try {
                    glue.updateTable(request -> request.catalogId(catalogId).databaseName(target.database())
                            .tableInput(GlueTables.updatedTable(table, merge.columns(), projection))
                            .versionId(table.versionId())
                            .skipArchive(options.skipArchive()));
                    added.addAll(merge.added());
                    widened.addAll(merge.widened());
                } catch (ConcurrentModificationException e) {
                    conflict = e;
                    pause(attempt);
                }
            }
            throw conflict != null ? conflict : new IllegalStateException("Table " + target.qualified() + " kept changing");
        }

        private Table getTable(final TableTarget target) {
            try {
                return glue.getTable(request -> request.catalogId(catalogId).databaseName(target.database()).name(target.table())).table();
            } catch (EntityNotFoundException e) {
                return null; // no table, or no database: create() tells them apart
            }
        }

        private void create(final TableTarget target, final LakeTableInput input, final Options options) {
            final Map<String, String> projection = options.projection() == null || input.partitions().isEmpty() ? Map.of()
                    : options.projection().parameters(input.location(), input.partitionKeys(), input.partitions().get(0));
            try {
                createTable(target, input, projection);
            } catch (EntityNotFoundException e) {
                if (!options.createDatabase()) {
                    throw new CatalogException("database " + target.database() + " does not exist and Create Database is false");
                }
                try {
                    glue.createDatabase(request -> request.catalogId(catalogId).databaseInput(database -> database.name(target.database())
                            .description("Created by NiFi RegisterGlueTable")));
                    databaseCreated = true;
                } catch (AlreadyExistsException created) {
                    // another writer created it first
                }
                createTable(target, input, projection);
            }
        }

        private void createTable(final TableTarget target, final LakeTableInput input, final Map<String, String> projection) {
            try {
                glue.createTable(request -> request.catalogId(catalogId).databaseName(target.database()).tableInput(GlueTables.newTable(target.table(), input, projection)));
                tableCreated = true;
                added.clear();
            } catch (AlreadyExistsException e) {
                // another writer created it first: the next round merges into theirs
            }
        }
    }

    private static Map<String, String> missingProjection(final Table table, final LakeTableInput input, final Options options) {
        if (options.projection() == null || input.partitions().isEmpty() || table.parameters().containsKey(PartitionProjection.ENABLED)) {
            return Map.of();
        }
        return options.projection().parameters(input.location(), input.partitionKeys(), input.partitions().get(0));
    }

    private Set<List<String>> createPartitions(final TableTarget target, final KnownTable table, final List<LakeTableInput> inputs) {
        // Each partition lives under the location of the first write that brought it.
        final Map<List<String>, LakeTableInput> writers = new LinkedHashMap<>();
        inputs.forEach(input -> input.partitions().forEach(values -> writers.putIfAbsent(values, input)));
        final List<List<String>> missing = new ArrayList<>(writers.keySet());
        missing.removeIf(values -> partitions.contains(new PartitionId(target, values)));
        final Set<List<String>> created = new LinkedHashSet<>();
        final List<PartitionError> refused = new ArrayList<>();
        final Set<List<String>> misplaced = new HashSet<>();
        for (int start = 0; start < missing.size(); start += MAX_PARTITIONS_PER_CALL) {
            final List<List<String>> chunk = missing.subList(start, Math.min(missing.size(), start + MAX_PARTITIONS_PER_CALL));
            final List<PartitionInput> partitionInputs = chunk.stream()
                    .map(values -> GlueTables.partition(writers.get(values).location(), table.partitionKeys(), values, table.columns(),
                            writers.get(values).compressionType()))
                    .toList();
            final BatchCreatePartitionResponse response = glue.batchCreatePartition(request -> request.catalogId(catalogId)
                    .databaseName(target.database()).tableName(target.table()).partitionInputList(partitionInputs));
            final Set<List<String>> failed = new HashSet<>();
            final Set<List<String>> existed = new HashSet<>();
            for (final PartitionError error : response.errors()) {
                final String code = error.errorDetail() == null ? null : error.errorDetail().errorCode();
                if ("AlreadyExistsException".equals(code)) {
                    existed.add(error.partitionValues());
                } else {
                    failed.add(error.partitionValues());
                    refused.add(error);
                }
            }
            final Set<List<String>> elsewhere = registeredElsewhere(target, existed, partitionInputs);
            misplaced.addAll(elsewhere);
            failed.addAll(elsewhere);
            for (final List<String> values : chunk) {
                if (!failed.contains(values)) {
                    partitions.put(new PartitionId(target, values), Boolean.TRUE);
                    if (!existed.contains(values)) {
                        created.add(values);
                    }
                }
            }
        }
        if (!misplaced.isEmpty()) {
            throw new PartitionRegistrationException(misplaced.size() + " of " + missing.size() + " partitions of " + target.qualified()
                    + " are registered at a location other than their path under " + table.location(), false);
        }
        if (!refused.isEmpty()) {
            final boolean retryable = refused.stream().allMatch(error -> TRANSIENT_PARTITION_ERRORS.contains(error.errorDetail().errorCode()));
            final PartitionError first = refused.get(0);
            throw new PartitionRegistrationException("Glue refused " + refused.size() + " of " + missing.size() + " partitions of "
                    + target.qualified() + ", the first with " + first.errorDetail().errorCode(), retryable);
        }
        return created;
    }

    /** Of the partitions Glue already had, those whose location is not the one this write's objects are under. */
    private Set<List<String>> registeredElsewhere(final TableTarget target, final Set<List<String>> existed, final List<PartitionInput> wanted) {
        if (existed.isEmpty()) {
            return Set.of();
        }
        final Map<List<String>, String> expected = new LinkedHashMap<>();
        wanted.stream().filter(input -> existed.contains(input.values()))
                .forEach(input -> expected.put(input.values(), input.storageDescriptor().location()));
        final BatchGetPartitionResponse response = glue.batchGetPartition(request -> request.catalogId(catalogId)
                .databaseName(target.database()).tableName(target.table())
                .partitionsToGet(expected.keySet().stream().map(values -> PartitionValueList.builder().values(values).build()).toList()));
        if (!response.unprocessedKeys().isEmpty()) {
            // Glue throttled part of the read: retry the FlowFiles rather than trust or refuse partitions unseen
            throw new PartitionRegistrationException("Glue did not return " + response.unprocessedKeys().size()
                    + " existing partitions of " + target.qualified() + " to check their location", true);
        }
        final Set<List<String>> elsewhere = new HashSet<>();
        for (final Partition partition : response.partitions()) {
            final String location = partition.storageDescriptor() == null ? null : partition.storageDescriptor().location();
            if (!sameLocation(location, expected.get(partition.values()))) {
                elsewhere.add(partition.values());
            }
        }
        return elsewhere;
    }

    private static void pause(final int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.nifidataops.catalog;

import io.nifidataops.DataOpsAttributes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nifidataops.lake.ColumnNames;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a {@link LakeTableInput} from the attributes PutLakeParquet writes (or a record writer's avro.schema). Every
 * malformed attribute is reported by name; no value of it is quoted.
 */
public final class LakeTableAttributes {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The attribute NiFi's record writers fill with the schema when their Schema Write Strategy says so. */
    public static final String AVRO_SCHEMA = "avro.schema";
    private static final Set<String> LOCATION_SCHEMES = Set.of("s3", "s3a", "file");
    // PutLakeParquet's codec names (lowercase) to what Glue and AWS SDK for pandas put in compressionType.
    private static final Map<String, String> COMPRESSION_TYPES = Map.of(
            "snappy", "snappy", "gzip", "gzip", "zstd", "zstd", "lz4_raw", "lz4", "lz4", "lz4", "uncompressed", "none", "none", "none");

    private LakeTableAttributes() {
    }

    /** @throws CatalogException naming the attribute that is missing or malformed, or the field Hive cannot express */
    public static LakeTableInput from(final Map<String, String> attributes) {
        final String format = required(attributes, DataOpsAttributes.LAKE_FORMAT);
        if (!"parquet".equals(format.strip().toLowerCase(Locale.ROOT))) {
            throw new CatalogException(DataOpsAttributes.LAKE_FORMAT + " is '" + format + "': only parquet data can be registered as a Glue table");
        }
        final String location = location(required(attributes, DataOpsAttributes.LAKE_LOCATION));
        final String compression = compression(attributes.get(DataOpsAttributes.LAKE_COMPRESSION));
        final List<HiveColumn> columns = HiveTypes.columns(schema(schemaText(attributes)));
        final List<String> keys = new ArrayList<>();
        final List<List<String>> partitions = partitions(required(attributes, DataOpsAttributes.LAKE_PARTITIONS), keys);
        for (final String key : keys) {
            if (columns.stream().anyMatch(column -> column.name().equals(key))) {
                throw new CatalogException("partition column '" + key + "' is also a data column in " + DataOpsAttributes.LAKE_SCHEMA);
            }
        }
        return new LakeTableInput(location, compression, keys, partitions, columns);
    }

    /**
     * {@code lake.partitions} for data another writer put under one partition whose values are FlowFile attributes: one entry,
     * each attribute's normalized name as the column.
     *
     * @throws CatalogException naming an attribute that is missing
     */
    public static String partitionsFromAttributes(final List<String> names, final Map<String, String> attributes) {
        final Map<String, String> partition = new java.util.LinkedHashMap<>();
        for (final String name : names) {
            final String value = attributes.get(name);
            if (value == null || value.isEmpty()) {
                throw new CatalogException("attribute " + name + " (a Partition Attribute) is missing");
            }
            partition.put(ColumnNames.normalize(name), value);
        }
        try {
            return JSON.writeValueAsString(List.of(partition));
        } catch (IOException e) {
            throw new IllegalStateException("A map of strings always serializes", e);
        }
    }

    // Data another writer produced carries its schema as NiFi's record writers set it, in avro.schema
    private static String schemaText(final Map<String, String> attributes) {
        final String lakeSchema = attributes.get(DataOpsAttributes.LAKE_SCHEMA);
        if (lakeSchema != null && !lakeSchema.isBlank()) {
            return lakeSchema;
        }
        final String avroSchema = attributes.get(AVRO_SCHEMA);
        if (avroSchema != null && !avroSchema.isBlank()) {
            return avroSchema;
        }
        throw new CatalogException("attribute " + DataOpsAttributes.LAKE_SCHEMA + " is missing (and no " + AVRO_SCHEMA
                + "); it is written by PutLakeParquet, or by a record writer set to write the avro.schema attribute");
    }

    private static String required(final Map<String, String> attributes, final String name) {
        final String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            throw new CatalogException("attribute " + name + " is missing; it is written by PutLakeParquet");
        }
        return value;
    }

    private static String location(final String value) {
        final URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw new CatalogException(DataOpsAttributes.LAKE_LOCATION + " is not a URI");
        }
        if (uri.getScheme() == null || !LOCATION_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getPath() == null || "s3".equalsIgnoreCase(uri.getScheme()) && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw new CatalogException(DataOpsAttributes.LAKE_LOCATION + " must be s3://bucket/path/ (or s3a:// or file:/), got scheme "
                    + uri.getScheme());
        }
        final String text = uri.toString();
        return text.endsWith("/") ? text : text + "/";
    }

    private static String compression(final String value) {
        if (value == null || value.isBlank()) {
            return "none";
        }
        final String type = COMPRESSION_TYPES.get(value.strip().toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new CatalogException(DataOpsAttributes.LAKE_COMPRESSION + " '" + value + "' is not a Parquet codec Glue knows (snappy, gzip, zstd,"
                    + " lz4_raw, uncompressed)");
        }
        return type;
    }

    private static Schema schema(final String json) {
        try {
            return new Schema.Parser().setValidateDefaults(false).parse(json);
        } catch (SchemaParseException e) {
            throw new CatalogException(DataOpsAttributes.LAKE_SCHEMA + " is not an Avro schema: " + e.getClass().getSimpleName());
        }
    }

    // [{"event_date":"2026-11-23","ward":"3"}, ...]: every entry has the same columns in the same (path) order.
    private static List<List<String>> partitions(final String json, final List<String> keys) {
        final JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new CatalogException(DataOpsAttributes.LAKE_PARTITIONS + " is not JSON");
        }
        if (root == null || !root.isArray()) {
            throw new CatalogException(DataOpsAttributes.LAKE_PARTITIONS + " must be a JSON array of objects (column to value)");
        }
        final List<List<String>> partitions = new ArrayList<>();
        for (final JsonNode entry : root) {
            if (!entry.isObject() || entry.isEmpty()) {
                throw new CatalogException(DataOpsAttributes.LAKE_PARTITIONS + " entry " + partitions.size() + " is not a non-empty object of column to value");
            }
            final List<String> entryKeys = new ArrayList<>();
            final List<String> values = new ArrayList<>();
            for (final Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if (!field.getValue().isTextual()) {
                    throw new CatalogException(DataOpsAttributes.LAKE_PARTITIONS + " entry " + partitions.size() + ": the value of '" + field.getKey() + "' is not a string");
                }
                entryKeys.add(field.getKey());
                values.add(field.getValue().asText());
            }
            if (keys.isEmpty()) {
                for (final String key : entryKeys) {
                    if (!ColumnNames.normalize(key).equals(key)) {
                        throw new CatalogException(DataOpsAttributes.LAKE_PARTITIONS + ": partition column '" + key + "' is not a catalog column name");
                    }
                }
                keys.addAll(entryKeys);
            } else if (!keys.equals(entryKeys)) {
                throw new CatalogException(DataOpsAttributes.LAKE_PARTITIONS + " entry " + partitions.size() + " has columns " + entryKeys + " where entry 0 has " + keys);
            }
            partitions.add(List.copyOf(values));
        }
        return partitions;
    }
}

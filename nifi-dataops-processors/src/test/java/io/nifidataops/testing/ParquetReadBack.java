package io.nifidataops.testing;

import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Parquet files back with DuckDB (an independent reader), Hive partitioning on: the proof that
 * what we wrote is what a query engine sees. DuckDB cannot read S3 here, so objects are downloaded first.
 */
public final class ParquetReadBack {

    private ParquetReadBack() {
    }

    /** Downloads every object under {@code prefix} to {@code target/<key>}; returns how many. */
    public static int download(final S3Client s3, final String bucket, final String prefix, final Path target) throws IOException {
        int count = 0;
        for (final S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents()) {
            final Path file = target.resolve(object.key());
            Files.createDirectories(file.getParent());
            s3.getObject(request -> request.bucket(bucket).key(object.key()), ResponseTransformer.toFile(file));
            count++;
        }
        return count;
    }

    /** All rows of the Parquet files below {@code directory}, partition columns included, in {@code orderBy} order. */
    public static List<Map<String, Object>> rows(final Path directory, final String orderBy) throws SQLException {
        return query("SELECT * FROM " + source(directory) + " ORDER BY " + orderBy);
    }

    /** Column name to DuckDB type, as DESCRIBE reports them. */
    public static Map<String, String> describe(final Path directory) throws SQLException {
        final Map<String, String> types = new LinkedHashMap<>();
        for (final Map<String, Object> row : query("DESCRIBE SELECT * FROM " + source(directory))) {
            types.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return types;
    }

    /** Expected DESCRIBE output, in order: {@code columns("id", "INTEGER", "name", "VARCHAR")}. */
    public static Map<String, String> columns(final String... namesAndTypes) {
        final Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            columns.put(namesAndTypes[i], namesAndTypes[i + 1]);
        }
        return columns;
    }

    public static List<Map<String, Object>> query(final String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            final ResultSetMetaData meta = result.getMetaData();
            final List<Map<String, Object>> rows = new ArrayList<>();
            while (result.next()) {
                final Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /** The read_parquet call over every file below {@code directory}, Hive partitioning on. */
    public static String source(final Path directory) {
        return "read_parquet('" + directory.toAbsolutePath() + "/**/*.parquet', hive_partitioning = true)";
    }
}

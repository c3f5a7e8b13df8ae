package org.apache.parquet;

import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

import java.util.Map;

/**
 * Read options built without Hadoop. In parquet-java 1.15, every public way to build {@link ParquetReadOptions}
 * (its Builder, and so ParquetReader's builders) calls {@code ParquetInputFormat.getFilter}, and that class extends
 * Hadoop MapReduce's FileInputFormat: reading fails with NoClassDefFoundError where Hadoop is absent. The options'
 * constructor is package-private, hence this class in parquet's package (one class loader, the NAR's, holds both). The
 * values are the Builder's defaults: statistics, dictionary, column-index and bloom filters on, no record filter, heap
 * buffers, 8 MiB allocation limit, no decryption.
 */
public final class HadoopFreeReadOptions {

    private static final int MAX_ALLOCATION_SIZE = 8 * 1024 * 1024;

    private HadoopFreeReadOptions() {
    }

    public static ParquetReadOptions create(final CompressionCodecFactory codecs, final ParquetConfiguration conf) {
        return new ParquetReadOptions(false, true, true, true, true, false, true, false, false,
                FilterCompat.NOOP, ParquetMetadataConverter.NO_FILTER, codecs, new HeapByteBufferAllocator(), MAX_ALLOCATION_SIZE,
                Map.of(), null, null, conf);
    }
}

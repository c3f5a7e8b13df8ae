package io.nifidataops.lake;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Parquet page compression without Hadoop: parquet-java's own codec factory goes through Hadoop's
 * CompressionCodec classes (hadoop-common and its dependencies, ~10 MB), and its SNAPPY and ZSTD need
 * native libraries (snappy-java, zstd-jni, ~10 MB). Here SNAPPY, ZSTD and LZ4_RAW come from
 * aircompressor (pure Java; what Trino's Parquet writer uses) and GZIP from java.util.zip, each
 * producing the block format the Parquet spec names. The same four codecs decompress for LakeParquetReader;
 * LZO, BROTLI and Hadoop's framed LZ4 are refused.
 */
public final class PureJavaCodecs implements CompressionCodecFactory {

    @Override
    public BytesInputCompressor getCompressor(final CompressionCodecName codecName) {
        return switch (codecName) {
            case UNCOMPRESSED -> new BlockCompressor(codecName, null);
            case SNAPPY -> new BlockCompressor(codecName, new SnappyCompressor());
            case ZSTD -> new BlockCompressor(codecName, new ZstdCompressor());
            case LZ4_RAW -> new BlockCompressor(codecName, new Lz4Compressor());
            case GZIP -> new GzipCompressor();
            default -> throw new IllegalArgumentException("Compression " + codecName + " is not offered for Parquet objects");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(final CompressionCodecName codecName) {
        return switch (codecName) {
            case UNCOMPRESSED -> new BlockDecompressor(null);
            case SNAPPY -> new BlockDecompressor(new SnappyDecompressor());
            case ZSTD -> new BlockDecompressor(new ZstdDecompressor());
            case LZ4_RAW -> new BlockDecompressor(new Lz4Decompressor());
            case GZIP -> new GzipDecompressor();
            default -> throw new LakeSchemaException("Parquet compression " + codecName
                    + " cannot be read here; SNAPPY, ZSTD, GZIP, LZ4_RAW and UNCOMPRESSED can");
        };
    }

    @Override
    public void release() {
        // compressors hold no native or pooled resources
    }

    /** One page in, one compressed block out; a null compressor passes pages through. */
    private record BlockCompressor(CompressionCodecName codecName, Compressor compressor) implements BytesInputCompressor {

        @Override
        public BytesInput compress(final BytesInput bytes) throws IOException {
            if (compressor == null) {
                return bytes;
            }
            final byte[] input = bytes.toByteArray();
            final byte[] output = new byte[compressor.maxCompressedLength(input.length)];
            final int length = compressor.compress(input, 0, input.length, output, 0, output.length);
            return BytesInput.from(ByteBuffer.wrap(output, 0, length));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return codecName;
        }

        @Override
        public void release() {
            // nothing pooled
        }
    }

    private static final class GzipCompressor implements BytesInputCompressor {

        @Override
        public BytesInput compress(final BytesInput bytes) throws IOException {
            final ByteArrayOutputStream output = new ByteArrayOutputStream((int) Math.max(64, bytes.size() / 2));
            try (GZIPOutputStream gzip = new GZIPOutputStream(output)) {
                bytes.writeAllTo(gzip);
            }
            return BytesInput.from(output);
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.GZIP;
        }

        @Override
        public void release() {
            // nothing pooled
        }
    }

    /** A decompressor that works on heap arrays: the ByteBuffer form copies into one and back; nothing is pooled. */
    private interface HeapDecompressor extends BytesInputDecompressor {

        @Override
        default void decompress(final ByteBuffer input, final int compressedSize, final ByteBuffer output, final int uncompressedSize)
                throws IOException {
            final byte[] compressed = new byte[compressedSize];
            input.get(compressed);
            output.put(decompress(BytesInput.from(compressed), uncompressedSize).toByteArray());
        }

        @Override
        default void release() {
            // nothing pooled
        }
    }

    /** One compressed block in, one page of the size the page header names out. */
    private record BlockDecompressor(Decompressor decompressor) implements HeapDecompressor {

        @Override
        public BytesInput decompress(final BytesInput bytes, final int uncompressedSize) throws IOException {
            if (decompressor == null) {
                return bytes;
            }
            final byte[] input = bytes.toByteArray();
            final byte[] output = new byte[uncompressedSize];
            final int length = decompressor.decompress(input, 0, input.length, output, 0, output.length);
            if (length != uncompressedSize) {
                throw new IOException("A Parquet page decompressed to " + length + " bytes where its header names " + uncompressedSize);
            }
            return BytesInput.from(output);
        }

    }

    private static final class GzipDecompressor implements HeapDecompressor {

        @Override
        public BytesInput decompress(final BytesInput bytes, final int uncompressedSize) throws IOException {
            try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                final byte[] output = gzip.readNBytes(uncompressedSize);
                if (output.length != uncompressedSize) {
                    throw new IOException("A GZIP Parquet page decompressed to " + output.length + " bytes where its header names " + uncompressedSize);
                }
                return BytesInput.from(output);
            }
        }

    }
}

package io.nifidataops.lake;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PureJavaCodecsTest {

    private static final byte[] PAGE = "heart_rate=72;".repeat(200).getBytes(StandardCharsets.UTF_8);

    @Test
    void testNoHadoopClassIsOnTheTestClassPath() {
        // The Parquet tests in this module pass without Hadoop: proof that the bundle needs none at run time.
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void testCompressorsShrinkPagesAndNameTheirCodec() throws Exception {
        final PureJavaCodecs codecs = new PureJavaCodecs();
        for (final CompressionCodecName codec : new CompressionCodecName[] {CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD,
                CompressionCodecName.LZ4_RAW, CompressionCodecName.GZIP}) {
            final BytesInput compressed = codecs.getCompressor(codec).compress(BytesInput.from(PAGE));
            assertThat(compressed.size()).as(codec.name()).isLessThan(PAGE.length / 4);
            assertThat(codecs.getCompressor(codec).getCodecName()).isEqualTo(codec);
        }
    }

    @Test
    void testGzipIsAPlainGzipStream() throws Exception {
        final byte[] compressed = new PureJavaCodecs().getCompressor(CompressionCodecName.GZIP).compress(BytesInput.from(PAGE)).toByteArray();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(in.readAllBytes()).isEqualTo(PAGE);
        }
    }

    @Test
    void testUncompressedPassesThroughAndOtherCodecsAreRefused() throws Exception {
        final PureJavaCodecs codecs = new PureJavaCodecs();
        assertThat(codecs.getCompressor(CompressionCodecName.UNCOMPRESSED).compress(BytesInput.from(PAGE)).toByteArray()).isEqualTo(PAGE);
        assertThatThrownBy(() -> codecs.getCompressor(CompressionCodecName.LZO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testEveryCodecDecompressesWhatItCompressed() throws Exception {
        final PureJavaCodecs codecs = new PureJavaCodecs();
        for (final CompressionCodecName codec : new CompressionCodecName[] {CompressionCodecName.SNAPPY, CompressionCodecName.ZSTD,
                CompressionCodecName.LZ4_RAW, CompressionCodecName.GZIP, CompressionCodecName.UNCOMPRESSED}) {
            final BytesInput compressed = codecs.getCompressor(codec).compress(BytesInput.from(PAGE));
            assertThat(codecs.getDecompressor(codec).decompress(compressed, PAGE.length).toByteArray()).as(codec.name()).isEqualTo(PAGE);
        }
        assertThatThrownBy(() -> codecs.getDecompressor(CompressionCodecName.BROTLI)).isInstanceOf(LakeSchemaException.class)
                .hasMessageContaining("BROTLI cannot be read here");
    }
}

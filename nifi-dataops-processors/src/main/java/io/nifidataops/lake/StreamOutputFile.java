package io.nifidataops.lake;

import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A Parquet {@link OutputFile} over a plain {@link OutputStream}, such as a FlowFile's content: parquet-mr writes a file
 * front to back (magic, row groups, footer, footer length, magic) and only asks for the position, which is counted here;
 * nothing seeks. Closing the Parquet stream flushes but leaves the underlying stream open for its owner to close. One
 * file per instance.
 */
public final class StreamOutputFile implements OutputFile {

    private final OutputStream out;
    private boolean created;

    public StreamOutputFile(final OutputStream out) {
        this.out = out;
    }

    @Override
    public PositionOutputStream create(final long blockSizeHint) throws IOException {
        if (created) {
            throw new IOException("A Parquet file was already started on this stream; one stream holds one file");
        }
        created = true;
        return new CountingStream(out);
    }

    @Override
    public PositionOutputStream createOrOverwrite(final long blockSizeHint) throws IOException {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return "stream";
    }

    private static final class CountingStream extends PositionOutputStream {

        private final OutputStream out;
        private long position;

        private CountingStream(final OutputStream out) {
            this.out = out;
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(final int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(final byte[] bytes, final int offset, final int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}

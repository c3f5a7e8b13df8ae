package io.nifidataops.lake;

import org.apache.avro.generic.GenericRecord;

import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a {@link PartitionedParquetWriter} on a second thread, so that Parquet encoding (dictionaries, statistics, compression)
 * overlaps with reading and converting the next records on the caller's thread. Records go over in batches through a short
 * bounded queue: at most {@value #QUEUED_BATCHES} batches of {@value #BATCH_SIZE} records wait, so heap stays bounded whatever
 * the input size. One consumer takes batches in order, so files, their contents and their sequence numbers are exactly those the
 * writer makes on the caller's thread. The thread starts with the first full batch: an input smaller than one batch never leaves
 * the caller's thread. A failure of the encoder is rethrown to the caller at its next write or at {@link #finish()}.
 *
 * <p>The encoder runs on an executor its owner supplies (PutLakeParquet's, created when scheduled and shut down when
 * stopped), so no thread outlives the processor and the number of encoders is bounded by the owner.
 */
public final class BackgroundEncoder implements PartitionedRecordSink {

    static final int BATCH_SIZE = 1024;
    private static final int QUEUED_BATCHES = 4;
    /** How often a caller blocked on a full queue looks whether the encoder has failed (and so stopped taking batches). */
    private static final long FAILURE_CHECK_MILLIS = 100;
    private static final Batch END = new Batch(0);

    private final PartitionedParquetWriter writer;
    private final ExecutorService executor;
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
    // Whoever sets it first owns the writer: the encoder when it starts, or close() when the encoder never started
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch encoded = new CountDownLatch(1);
    private Batch filling = new Batch(BATCH_SIZE);
    private Future<?> encoder;
    private volatile Throwable failure;

    public BackgroundEncoder(final PartitionedParquetWriter writer, final ExecutorService executor) {
        this.writer = writer;
        this.executor = executor;
    }

    @Override
    public void write(final PartitionKey partition, final GenericRecord record) throws StagingException {
        filling.add(partition, record);
        if (filling.isFull()) {
            hand(filling);
            filling = new Batch(BATCH_SIZE);
        }
    }

    @Override
    public List<StagedFile> finish() throws StagingException {
        if (encoder == null) {
            filling.writeTo(writer);
            return writer.finish();
        }
        hand(filling);
        hand(END);
        try {
            encoded.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        rethrowFailure();
        // the latch makes everything the encoder wrote visible here
        return writer.finish();
    }

    @Override
    public void close() {
        if (encoder != null) {
            if (claimed.compareAndSet(false, true)) {
                encoder.cancel(false); // queued but never started: it will not touch the writer now
            } else {
                encoder.cancel(true);
                awaitUninterruptibly();
            }
        }
        writer.close();
    }

    private void hand(final Batch batch) throws StagingException {
        if (encoder == null) {
            try {
                encoder = executor.submit(this::encode);
            } catch (final RejectedExecutionException e) {
                throw new StagingException("The Parquet encoder executor is shut down (the processor is stopping)", e);
            }
        }
        try {
            while (!queue.offer(batch, FAILURE_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                rethrowFailure();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(e);
        }
        rethrowFailure();
    }

    private void encode() {
        if (!claimed.compareAndSet(false, true)) {
            return; // closed before it started
        }
        try {
            for (Batch batch = queue.take(); batch != END; batch = queue.take()) {
                batch.writeTo(writer);
            }
        } catch (final InterruptedException e) {
            // close() stops an encoder whose output is being discarded
        } catch (final StagingException | RuntimeException | Error e) {
            failure = e;
        } finally {
            encoded.countDown();
        }
    }

    private void rethrowFailure() throws StagingException {
        switch (failure) {
            case null -> {
            }
            case StagingException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException("Parquet encoding failed", failure);
        }
    }

    private void awaitUninterruptibly() {
        boolean interrupted = false;
        while (encoded.getCount() > 0) {
            try {
                encoded.await();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static StagingException interrupted(final InterruptedException e) {
        return new StagingException("Interrupted while handing records to the Parquet encoder",
                new InterruptedIOException(e.getMessage()));
    }

    /** Records and their partitions, in arrival order. */
    private static final class Batch {
        private final PartitionKey[] partitions;
        private final GenericRecord[] records;
        private int size;

        private Batch(final int capacity) {
            this.partitions = new PartitionKey[capacity];
            this.records = new GenericRecord[capacity];
        }

        private void add(final PartitionKey partition, final GenericRecord record) {
            partitions[size] = partition;
            records[size++] = record;
        }

        private boolean isFull() {
            return size == records.length;
        }

        private void writeTo(final PartitionedParquetWriter writer) throws StagingException {
            for (int i = 0; i < size; i++) {
                writer.write(partitions[i], records[i]);
            }
        }
    }
}

package dev.ferry.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    /** x in, y out: one INT64 per row. */
    private static final ModelSignature ROWS =
            new ModelSignature(
                    List.of(new TensorSpec("x", DataType.INT64, List.of(-1L, 1L))),
                    List.of(new TensorSpec("y", DataType.INT64, List.of(-1L, 1L))));

    /** Doubles its input and remembers the batch sizes it saw; can hold calls until released. */
    private static final class Doubler implements LoadedModel {
        final List<Long> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch release;

        Doubler(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public ModelSignature signature() {
            return ROWS;
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Tensor x = inputs.get("x");
            batches.add(x.shape().getFirst());
            long[] out = x.toLongArray();
            for (int i = 0; i < out.length; i++) {
                out[i] *= 2;
            }
            return Map.of("y", Tensor.ofLongs(x.shapeArray(), out));
        }

        @Override
        public void close() {}
    }

    private static Map<String, Tensor> rows(long... values) {
        return Map.of("x", Tensor.ofLongs(new long[] {values.length, 1}, values));
    }

    private static long far() {
        return System.nanoTime() + 60_000_000_000L;
    }

    @Test
    void groupsQueuedRequestsIntoOneCallAndSplitsTheResults() throws Exception {
        Doubler model = new Doubler(new CountDownLatch(0));
        // A long delay: the batch can only close because it is full.
        BatchingPolicy policy = new BatchingPolicy(4, List.of(), 30_000_000, 16);
        try (DynamicBatcher batcher =
                new DynamicBatcher("m", List.of(model), policy, CallObserver.none())) {
            List<CompletableFuture<Map<String, Tensor>>> results = new ArrayList<>();
            results.add(batcher.submit(rows(1), 1, far()));
            results.add(batcher.submit(rows(2, 3), 2, far()));
            results.add(batcher.submit(rows(4), 1, far()));
            assertThat(results.get(1).get().get("y").toLongArray()).containsExactly(4, 6);
            assertThat(results.get(0).get().get("y").toLongArray()).containsExactly(2);
            assertThat(results.get(2).get().get("y").toLongArray()).containsExactly(8);
            assertThat(model.batches).containsExactly(4L);
        }
    }

    @Test
    void closesABatchEarlyAtAPreferredSize() throws Exception {
        Doubler model = new Doubler(new CountDownLatch(0));
        BatchingPolicy policy = new BatchingPolicy(8, List.of(2), 30_000_000, 16);
        try (DynamicBatcher batcher =
                new DynamicBatcher("m", List.of(model), policy, CallObserver.none())) {
            var a = batcher.submit(rows(1, 2), 2, far());
            assertThat(a.get().get("y").toLongArray()).containsExactly(2, 4);
            assertThat(model.batches).containsExactly(2L);
        }
    }

    @Test
    void refusesRequestsBeyondTheQueueBound() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        Doubler model = new Doubler(hold);
        BatchingPolicy policy = new BatchingPolicy(1, List.of(), 0, 2);
        try (DynamicBatcher batcher =
                new DynamicBatcher("m", List.of(model), policy, CallObserver.none())) {
            List<CompletableFuture<Map<String, Tensor>>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(batcher.submit(rows(i), 1, far()));
            }
            long refused =
                    results.stream().filter(CompletableFuture::isCompletedExceptionally).count();
            // One request may be taken by the worker, two wait: the rest are refused at once.
            assertThat(refused).isBetween(7L, 8L);
            assertThatThrownBy(() -> results.get(9).get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("queue of 2 is full");
            hold.countDown();
        }
    }

    @Test
    void failsRequestsWhoseDeadlinePassedInTheQueue() throws Exception {
        Doubler model = new Doubler(new CountDownLatch(0));
        BatchingPolicy policy = new BatchingPolicy(4, List.of(), 0, 4);
        try (DynamicBatcher batcher =
                new DynamicBatcher("m", List.of(model), policy, CallObserver.none())) {
            var late = batcher.submit(rows(1), 1, System.nanoTime() - 1);
            assertThatThrownBy(late::get)
                    .hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("timed out");
        }
    }

    /** A model that cannot be stopped from outside, whose calls sleep until interrupted. */
    private static final class Sleeper implements LoadedModel {
        @Override
        public ModelSignature signature() {
            return ROWS;
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                throw new ModelException("interrupted");
            }
            return inputs;
        }

        @Override
        public boolean cancellable() {
            return false;
        }

        @Override
        public void close() {}
    }

    @Test
    void aBatchThatFailsWhenInterruptedAtItsDeadlineTimesOutRatherThanFailing() throws Exception {
        BatchingPolicy policy = new BatchingPolicy(4, List.of(), 0, 4);
        try (DynamicBatcher batcher =
                new DynamicBatcher(
                        "m",
                        List.of(new Sleeper()),
                        policy,
                        CallObserver.none(),
                        null,
                        Sleeper::new)) {
            var overdue = batcher.submit(rows(1), 1, System.nanoTime() + 200_000_000L);
            // the model's own failure is how it obeyed the interrupt, not a fault to report
            assertThatThrownBy(() -> overdue.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("timed out");
        }
    }
}

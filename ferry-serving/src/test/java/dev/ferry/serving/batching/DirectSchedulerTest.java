package dev.ferry.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.CallCancellation;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DirectSchedulerTest {

    /** A cancellable model that holds each call until released, counting calls in flight. */
    private static class Gate implements LoadedModel {
        final int concurrent;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        Gate(int concurrent) {
            this.concurrent = concurrent;
        }

        @Override
        public ModelSignature signature() {
            return new ModelSignature(List.of(), List.of());
        }

        @Override
        public int concurrentCalls() {
            return concurrent;
        }

        @Override
        public boolean cancellable() {
            return true;
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            return predict(inputs, new CallCancellation());
        }

        @Override
        public Map<String, Tensor> predict(
                Map<String, Tensor> inputs, CallCancellation cancellation) {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                while (!release.await(5, TimeUnit.MILLISECONDS)) {
                    if (cancellation.requested()) {
                        throw new ModelException("stopped");
                    }
                }
                return inputs;
            } catch (InterruptedException e) {
                throw new ModelException("interrupted");
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void close() {}
    }

    private static long in(Duration d) {
        return System.nanoTime() + d.toNanos();
    }

    /** A scheduler over one model, with its watchdog and the callers' threads, closed together. */
    private record Rig(CallWatchdog watchdog, DirectScheduler scheduler, ExecutorService callers)
            implements AutoCloseable {
        static Rig over(LoadedModel model) {
            CallWatchdog watchdog = new CallWatchdog(Duration.ofMillis(10));
            return new Rig(
                    watchdog,
                    new DirectScheduler(
                            "m", List.of(model), 100, CallObserver.none(), watchdog, null),
                    Executors.newVirtualThreadPerTaskExecutor());
        }

        /** One call with an empty input, due within {@code deadline}, on a virtual thread. */
        Future<Map<String, Tensor>> call(Duration deadline) {
            return callers.submit(() -> scheduler.call(Map.of(), 1, in(deadline)));
        }

        @Override
        public void close() {
            callers.close();
            scheduler.close();
            watchdog.close();
        }
    }

    @Test
    void anInstanceRunsAsManyCallsAtOnceAsItAllowsAndNoMore() throws Exception {
        Gate model = new Gate(3);
        try (Rig rig = Rig.over(model)) {
            List<Future<Map<String, Tensor>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(rig.call(Duration.ofSeconds(30)));
            }
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (model.running.get() < 3 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            assertThat(model.running.get()).isEqualTo(3);
            model.release.countDown();
            for (Future<Map<String, Tensor>> f : calls) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEmpty();
            }
            assertThat(model.mostAtOnce.get()).isEqualTo(3);
        }
    }

    @Test
    void aCallPastItsDeadlineIsStoppedWhileTheOthersOnTheSameInstanceFinish() throws Exception {
        Gate model = new Gate(2);
        try (Rig rig = Rig.over(model)) {
            Future<Map<String, Tensor>> patient = rig.call(Duration.ofSeconds(30));
            Future<Map<String, Tensor>> hasty = rig.call(Duration.ofMillis(200));
            assertThatThrownBy(() -> hasty.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(UnavailableException.class)
                    .hasMessageContaining("timed out");
            assertThat(patient).isNotDone();
            model.release.countDown();
            assertThat(patient.get(10, TimeUnit.SECONDS)).isEmpty();
        }
    }

    /** A cancellable model whose calls take {@code millis} each and record their thread. */
    private static class Slow extends Gate {
        final long millis;
        final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        Slow(long millis) {
            super(1);
            this.millis = millis;
            release.countDown();
        }

        @Override
        public Map<String, Tensor> predict(
                Map<String, Tensor> inputs, CallCancellation cancellation) {
            threads.add(Thread.currentThread());
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                throw new ModelException("interrupted");
            }
            return inputs;
        }
    }

    /** A cancellable model that keeps its thread busy, never blocking, until it is stopped. */
    private static final class Spinner extends Gate {
        Spinner(int concurrent) {
            super(concurrent);
        }

        @Override
        public Map<String, Tensor> predict(
                Map<String, Tensor> inputs, CallCancellation cancellation) {
            // The bound only keeps a failing test from spinning for ever.
            long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!cancellation.requested()) {
                if (System.nanoTime() - giveUp > 0) {
                    return inputs;
                }
                Thread.onSpinWait();
            }
            throw new ModelException("stopped");
        }
    }

    @Test
    void callsThatTypicallyTakeLongRunOnTheModelsOwnThreadsNotOnTheCallers() throws Exception {
        Slow model = new Slow(20);
        try (Rig rig = Rig.over(model)) {
            for (int i = 0; i < 20; i++) {
                assertThat(rig.call(Duration.ofSeconds(30)).get(10, TimeUnit.SECONDS)).isEmpty();
            }
        }
        assertThat(model.threads.getFirst().isVirtual()).isTrue();
        Thread last = model.threads.getLast();
        assertThat(last.isVirtual()).isFalse();
        assertThat(last.getName()).startsWith("model-m-call-");
    }

    @Test
    void callsPastTheirDeadlineAreStoppedEvenWhenTheyHoldEveryCarrierThread() throws Exception {
        int carriers = Carriers.count();
        Spinner model = new Spinner(carriers);
        try (Rig rig = Rig.over(model)) {
            List<Future<Map<String, Tensor>>> calls = new ArrayList<>();
            for (int i = 0; i < carriers; i++) {
                calls.add(rig.call(Duration.ofMillis(200)));
            }
            for (Future<Map<String, Tensor>> call : calls) {
                assertThatThrownBy(() -> call.get(15, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(UnavailableException.class)
                        .hasMessageContaining("timed out");
            }
        }
    }

    @Test
    void aShortCallRunsAtOnceOnTheCallersOwnThreadWhenAnInstanceIsFree() {
        Slow model = new Slow(0);
        try (Rig rig = Rig.over(model)) {
            assertThat(rig.scheduler().callNow(Map.of(), 1, in(Duration.ofSeconds(30))))
                    .hasValue(Map.of());
        }
        assertThat(model.threads).containsExactly(Thread.currentThread());
    }

    @Test
    void callingNowNeverWaitsForABusyInstance() throws Exception {
        Gate model = new Gate(1);
        try (Rig rig = Rig.over(model)) {
            Future<Map<String, Tensor>> holder = rig.call(Duration.ofSeconds(30));
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (model.running.get() < 1 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(rig.scheduler().callNow(Map.of(), 1, in(Duration.ofSeconds(30)))).isEmpty();
            model.release.countDown();
            assertThat(holder.get(10, TimeUnit.SECONDS)).isEmpty();
            assertThat(model.mostAtOnce.get()).isEqualTo(1);
        }
    }

    @Test
    void callingNowLeavesLongCallsAndModelsThatCannotBeStoppedToACallThatMayBlock()
            throws Exception {
        Slow slow = new Slow(20);
        try (Rig rig = Rig.over(slow)) {
            for (int i = 0; i < 20; i++) {
                rig.call(Duration.ofSeconds(30)).get(10, TimeUnit.SECONDS);
            }
            assertThat(rig.scheduler().callNow(Map.of(), 1, in(Duration.ofSeconds(30)))).isEmpty();
        }
        Slow unstoppable =
                new Slow(0) {
                    @Override
                    public boolean cancellable() {
                        return false;
                    }
                };
        try (Rig rig = Rig.over(unstoppable)) {
            assertThat(rig.scheduler().callNow(Map.of(), 1, in(Duration.ofSeconds(30)))).isEmpty();
            // The instance went back: the blocking call still finds it.
            assertThat(rig.call(Duration.ofSeconds(30)).get(10, TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(slow.threads).hasSize(20);
    }
}

package dev.ferry.serving.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AsideCallsTest {

    /** A model whose calls wait, deaf to interrupts, until released. */
    private static final class Stuck implements LoadedModel {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public ModelSignature signature() {
            return new ModelSignature(List.of(), List.of());
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            while (true) {
                try {
                    if (release.await(10, TimeUnit.SECONDS)) {
                        return inputs;
                    }
                } catch (InterruptedException deaf) {
                    // ignores the interrupt, as a hung model does
                }
            }
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static long soon() {
        return System.nanoTime() + Duration.ofMillis(50).toNanos();
    }

    @Test
    void whenNoReplacementLoadsTheAbandonedInstanceServesAgainOnceItsCallReturns()
            throws Exception {
        Stuck model = new Stuck();
        List<LoadedModel> givenBack = new CopyOnWriteArrayList<>();
        try (AsideCalls aside =
                new AsideCalls(
                        "m",
                        1,
                        () -> {
                            throw new IllegalStateException("no memory left");
                        })) {
            AsideCalls.Call call = aside.start(model, Map.of(), givenBack::add);
            assertThatThrownBy(() -> call.await(soon())).isInstanceOf(TimeoutException.class);
            assertThat(call.abandon()).isTrue();
            assertThat(aside.loadReplacement()).isNull();
            call.resume();
            model.release.countDown();
            call.awaitReturn();
            assertThat(givenBack).containsExactly(model);
            assertThat(model.closed).isFalse();
        }
    }

    @Test
    void aReplacementThatGetsStuckItselfIsClosedWhenItsCallReturnsButTheOriginalIsNot()
            throws Exception {
        Stuck original = new Stuck();
        Stuck fresh = new Stuck();
        List<LoadedModel> givenBack = new CopyOnWriteArrayList<>();
        try (AsideCalls aside = new AsideCalls("m", 1, () -> fresh)) {
            AsideCalls.Call first = aside.start(original, Map.of(), givenBack::add);
            assertThatThrownBy(() -> first.await(soon())).isInstanceOf(TimeoutException.class);
            assertThat(first.abandon()).isTrue();
            assertThat(aside.loadReplacement()).isSameAs(fresh);
            first.replaced();

            // the replacement overruns too, but one instance allows one abandoned call at a time
            AsideCalls.Call second = aside.start(fresh, Map.of(), givenBack::add);
            assertThatThrownBy(() -> second.await(soon())).isInstanceOf(TimeoutException.class);
            assertThat(second.abandon()).isFalse();

            original.release.countDown();
            first.awaitReturn();
            assertThat(original.closed).isFalse();
            assertThat(givenBack).isEmpty();

            // with the first call back, the second may be given up on, and its instance retires
            assertThat(second.abandon()).isTrue();
            second.replaced();
            fresh.release.countDown();
            second.awaitReturn();
            assertThat(fresh.closed).isTrue();
            assertThat(givenBack).isEmpty();
        }
    }

    /** A Java model that computes, never blocking, until released. */
    private static final class Busy implements LoadedModel {
        final AtomicBoolean release = new AtomicBoolean();

        @Override
        public ModelSignature signature() {
            return new ModelSignature(List.of(), List.of());
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            // The bound only keeps a failing test from spinning for ever.
            long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!release.get() && System.nanoTime() - giveUp < 0) {
                Thread.onSpinWait();
            }
            return inputs;
        }

        @Override
        public void close() {}
    }

    @Test
    void callsThatComputeForLongLeaveTheCarrierThreadsToEveryoneElse() throws Exception {
        int carriers = Carriers.count();
        Busy model = new Busy();
        try (AsideCalls aside = new AsideCalls("m", carriers, null)) {
            List<AsideCalls.Call> calls = new java.util.ArrayList<>();
            for (int i = 0; i < carriers; i++) {
                calls.add(aside.start(model, Map.of(), returned -> {}));
            }
            CountDownLatch ran = new CountDownLatch(1);
            Thread.ofVirtual().start(ran::countDown);
            boolean others = ran.await(10, TimeUnit.SECONDS);
            model.release.set(true);
            for (AsideCalls.Call call : calls) {
                call.awaitReturn();
            }
            assertThat(others).as("a virtual thread ran while the calls computed").isTrue();
        }
    }
}

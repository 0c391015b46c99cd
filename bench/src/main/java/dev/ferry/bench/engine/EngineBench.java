package dev.ferry.bench.engine;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.engine.Engine;
import dev.ferry.core.engine.EngineOptions;
import dev.ferry.core.engine.PlanLoader;
import dev.ferry.core.engine.RunRequest;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.plan.Plan;
import dev.ferry.core.step.StepCatalog;
import dev.ferry.core.validation.ManifestValidator;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures what the engine adds around steps, against the machine's bare process spawn measured in
 * the same run: in-JVM and process step dispatch, a 1,000-way matrix fan-out (time and peak live
 * heap against a 100-way one) and a fully cached re-run of a 10-step pipeline.
 */
public final class EngineBench {
    private static final int REPEATS = 5;

    private final Engine engine;
    private final ManifestValidator validator;

    private EngineBench(Engine engine, ManifestValidator validator) {
        this.engine = engine;
        this.validator = validator;
    }

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("ferry-bench-engine");
        StepCatalog catalog = new StepCatalog(List.of(new NoopStep()));
        ManifestValidator validator = new ManifestValidator(ManifestLoader.standard(), catalog);
        try (JdbcMetadataStore metadata = MetadataStores.openEmbedded(home);
                FileSystemArtifactStore artifacts =
                        new FileSystemArtifactStore(home.resolve("artifacts"));
                Engine engine =
                        new Engine(
                                metadata,
                                artifacts,
                                catalog,
                                PlanLoader.of(validator),
                                Optional.empty(),
                                Clock.systemUTC(),
                                EngineOptions.defaults(home).withWorkingDirectory(home))) {
            new EngineBench(engine, validator).measure();
        }
    }

    private void measure() throws Exception {
        System.out.printf(
                "Ferry engine benchmark (%d cores, %s, median of %d)%n%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), REPEATS);
        run(Pipelines.builtinChain(20)); // warm up the JIT, SQLite and the store
        run(Pipelines.processChain(5));

        double spawn =
                median(
                        REPEATS,
                        () -> {
                            long t = System.nanoTime();
                            for (int i = 0; i < 20; i++) {
                                new ProcessBuilder("true").start().waitFor();
                            }
                            return (System.nanoTime() - t) / 20.0;
                        });
        double builtin = median(REPEATS, () -> perStep(Pipelines.builtinChain(50), 50));
        double process = median(REPEATS, () -> perStep(Pipelines.processChain(20), 20));

        row("bare process spawn (baseline)", ms(spawn), "", "");
        row("no-op in-JVM step", ms(builtin), "< 5 ms", verdict(builtin < 5e6));
        row("no-op process step (true)", ms(process), "", "");
        row(
                "  overhead over bare spawn",
                ms(process - spawn) + String.format(" (x%.1f of spawn)", process / spawn),
                "< 50 ms",
                verdict(process - spawn < 50e6));

        long[] small = fanOut(100);
        long[] large = fanOut(1000);
        row("100-way matrix fan-out", ms(small[0]) + ", peak live heap " + mb(small[1]), "", "");
        row(
                "1,000-way matrix fan-out",
                ms(large[0]) + ", peak live heap " + mb(large[1]),
                "< 10 s",
                verdict(large[0] < 10e9));
        row(
                "  peak live heap 1,000-way / 100-way",
                String.format("x%.2f", (double) large[1] / small[1]),
                "flat",
                verdict(large[1] < small[1] * 2));

        Plan ten = plan(Pipelines.tenSteps());
        run(ten, "ten-steps.yaml", Pipelines.tenSteps());
        double cached =
                median(
                        REPEATS,
                        () -> {
                            long t = System.nanoTime();
                            RunRecord rerun = run(ten, "ten-steps.yaml", Pipelines.tenSteps());
                            return (double) (System.nanoTime() - t);
                        });
        double cold =
                median(
                        1,
                        () -> {
                            long t = System.nanoTime();
                            engine.start(
                                            ten,
                                            RunRequest.of(
                                                            "ten-steps.yaml",
                                                            bytes(Pipelines.tenSteps()))
                                                    .withNoCache(true))
                                    .await();
                            return (double) (System.nanoTime() - t);
                        });
        row("10-step process pipeline, cold", ms(cold), "", "");
        row(
                "10-step pipeline, fully cached re-run",
                ms(cached) + String.format(" (x%.2f of cold)", cached / cold),
                "< 1 s",
                verdict(cached < 1e9));
    }

    private double perStep(String yaml, int steps) {
        long t = System.nanoTime();
        run(yaml);
        return (System.nanoTime() - t) / (double) steps;
    }

    /**
     * Wall time and peak live heap of one fan-out run: the heap left after each collection, sampled
     * every 10 ms. Garbage would make a plain "used" sample grow with the run's length, so it says
     * nothing about what the engine keeps; the suite runs with a small heap so the collector runs
     * during the fan-out.
     */
    private long[] fanOut(int points) throws Exception {
        Plan plan = plan(Pipelines.fanOut(points));
        System.gc();
        AtomicLong peak = new AtomicLong(liveHeap());
        Thread sampler =
                Thread.ofPlatform()
                        .daemon()
                        .start(
                                () -> {
                                    while (!Thread.currentThread().isInterrupted()) {
                                        peak.accumulateAndGet(liveHeap(), Math::max);
                                        try {
                                            Thread.sleep(10);
                                        } catch (InterruptedException e) {
                                            return;
                                        }
                                    }
                                });
        long t = System.nanoTime();
        run(plan, "fan-out.yaml", Pipelines.fanOut(points));
        long elapsed = System.nanoTime() - t;
        sampler.interrupt();
        sampler.join();
        return new long[] {elapsed, peak.get()};
    }

    private static long liveHeap() {
        long live = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == MemoryType.HEAP && afterGc != null) {
                live += afterGc.getUsed();
            }
        }
        return live;
    }

    private RunRecord run(String yaml) {
        return run(plan(yaml), "bench.yaml", yaml);
    }

    private RunRecord run(Plan plan, String name, String yaml) {
        RunRecord done = engine.start(plan, RunRequest.of(name, bytes(yaml))).await();
        if (done.state() != RunState.SUCCEEDED) {
            throw new IllegalStateException(
                    "benchmark run "
                            + done.id()
                            + " ended "
                            + done.state()
                            + ": "
                            + done.message().orElse(""));
        }
        return done;
    }

    private Plan plan(String yaml) {
        return validator.plan("bench.yaml", yaml);
    }

    private static byte[] bytes(String yaml) {
        return yaml.getBytes(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    private interface Measurement {
        double take() throws Exception;
    }

    private static double median(int repeats, Measurement measurement) throws Exception {
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            samples.add(measurement.take());
        }
        Collections.sort(samples);
        return samples.get(samples.size() / 2);
    }

    private static void row(String what, String value, String target, String verdict) {
        System.out.printf("%-40s %-36s %-8s %s%n", what, value, target, verdict);
    }

    private static String ms(double nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1048576.0);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }
}

package dev.ferry.core.engine;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.plan.Plan;
import dev.ferry.core.plan.PlannedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Drives one run (or one resumption of it) to its end: schedules the plan's steps as their
 * dependencies finish, records the outcome, and answers {@link RunHandle} calls.
 */
final class RunExecution implements RunHandle {
    private final EngineParts parts;
    private final Plan plan;
    private final RunRecord run;
    private final boolean noCache;
    private final RunListener listener;
    private final History history;
    private final Scheduler scheduler;
    private final Map<String, StepResult> results = new ConcurrentHashMap<>();
    private final Set<Thread> threads = new java.util.HashSet<>();
    private final AtomicInteger suspended = new AtomicInteger();
    private final CompletableFuture<RunRecord> done = new CompletableFuture<>();
    private final Consumer<String> onEnd;
    private volatile boolean cancelled;

    RunExecution(
            EngineParts parts,
            Plan plan,
            RunRecord run,
            boolean noCache,
            RunListener listener,
            History history,
            Consumer<String> onEnd) {
        this.parts = parts;
        this.plan = plan;
        this.run = run;
        this.noCache = noCache;
        this.listener = listener;
        this.history = history;
        this.onEnd = onEnd;
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (PlannedStep step : plan.steps()) {
            graph.put(step.name(), step.dependencies());
        }
        this.scheduler = new Scheduler(graph);
    }

    /** Starts driving the run on a virtual thread. */
    void start(boolean resumed) {
        Thread.ofVirtual().name("run-" + run.id()).start(() -> drive(resumed));
    }

    @Override
    public String runId() {
        return run.id();
    }

    @Override
    public RunRecord await() {
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for run " + run.id(), e);
        } catch (ExecutionException e) {
            throw new EngineException(
                    "run " + run.id() + " stopped on an internal error: " + e.getCause(),
                    e.getCause());
        }
    }

    @Override
    public Optional<RunRecord> await(Duration timeout) {
        try {
            return Optional.of(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while waiting for run " + run.id(), e);
        } catch (ExecutionException e) {
            throw new EngineException(
                    "run " + run.id() + " stopped on an internal error: " + e.getCause(),
                    e.getCause());
        }
    }

    @Override
    public void cancel() {
        synchronized (threads) {
            cancelled = true;
            threads.forEach(Thread::interrupt);
        }
        scheduler.cancel();
    }

    boolean isCancelled() {
        return cancelled;
    }

    // --- for the step and point runners

    EngineParts parts() {
        return parts;
    }

    RunRecord run() {
        return run;
    }

    Plan plan() {
        return plan;
    }

    boolean noCache() {
        return noCache;
    }

    RunListener listener() {
        return listener;
    }

    History history() {
        return history;
    }

    Map<String, StepResult> results() {
        return results;
    }

    /**
     * The calling thread enters a section that a cancel may interrupt (running a step, waiting for
     * a retry, an approval or a slot). Interrupts reach threads only inside such sections, never
     * while they write to the metadata store, whose connections an interrupt could close.
     */
    void enter() {
        synchronized (threads) {
            threads.add(Thread.currentThread());
            if (cancelled) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Leaves the interruptible section and clears an interrupt that arrived in it. */
    void leave() {
        synchronized (threads) {
            threads.remove(Thread.currentThread());
            Thread.interrupted();
        }
    }

    /** A step began waiting for approval: the run is SUSPENDED while any step waits. */
    void suspendedStep(String step) {
        if (suspended.getAndIncrement() == 0) {
            parts.metadata()
                    .updateRunState(
                            run.id(),
                            RunState.SUSPENDED,
                            Optional.empty(),
                            parts.clock().instant());
            parts.events().emit(run.id(), RunEvents.RUN_SUSPENDED, Map.of("step", step));
        }
    }

    /** A step stopped waiting for approval. */
    void resumedStep() {
        if (suspended.decrementAndGet() == 0 && !cancelled) {
            parts.metadata()
                    .updateRunState(
                            run.id(), RunState.RUNNING, Optional.empty(), parts.clock().instant());
        }
    }

    void notify(StepRunRecord record) {
        try {
            listener.stepChanged(record);
        } catch (RuntimeException e) {
            // A broken progress view must not break the run; the run's record stays true.
            System.getLogger(RunExecution.class.getName())
                    .log(System.Logger.Level.WARNING, "run listener failed", e);
        }
    }

    private void drive(boolean resumed) {
        try {
            parts.events()
                    .emit(
                            run.id(),
                            resumed ? RunEvents.RUN_RESUMED : RunEvents.RUN_STARTED,
                            Map.of(
                                    "pipeline", run.pipeline(),
                                    "engine", parts.options().engineId(),
                                    "noCache", noCache));
            listener.runStarted(run, plan.steps().stream().map(PlannedStep::name).toList());
            StepRunner steps = new StepRunner(this);
            Scheduler.Result outcome =
                    scheduler.run(step -> steps.run(plan.step(step).orElseThrow()));
            for (String step : outcome.notStarted()) {
                results.put(step, StepResult.ended(StepState.CANCELLED, "the run was cancelled"));
                steps.recordNotStarted(plan.step(step).orElseThrow());
            }
            outcome.crashed()
                    .forEach(
                            (step, error) ->
                                    results.put(
                                            step,
                                            StepResult.ended(
                                                    StepState.FAILED, "internal error: " + error)));
            finish();
        } catch (Throwable t) {
            try {
                parts.metadata()
                        .updateRunState(
                                run.id(),
                                RunState.FAILED,
                                Optional.of("internal error: " + t),
                                parts.clock().instant());
            } finally {
                onEnd.accept(run.id());
                done.completeExceptionally(t);
            }
        }
    }

    private void finish() {
        RunState state;
        Optional<String> message = Optional.empty();
        List<String> failed = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            StepResult result = results.get(step.name());
            if (result != null && result.state() == StepState.FAILED) {
                failed.add(step.name() + result.message().map(m -> ": " + m).orElse(""));
            }
        }
        if (cancelled) {
            state = RunState.CANCELLED;
            message = Optional.of("cancelled");
        } else if (!failed.isEmpty()) {
            state = RunState.FAILED;
            message = Optional.of(String.join("; ", failed));
        } else {
            state = RunState.SUCCEEDED;
        }
        parts.events().flush();
        parts.metadata().updateRunState(run.id(), state, message, parts.clock().instant());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pipeline", run.pipeline());
        data.put("state", state.name());
        message.ifPresent(m -> data.put("message", m));
        parts.events().emit(run.id(), RunEvents.RUN_FINISHED, data);
        parts.events().flush();
        RunRecord last = parts.metadata().findRun(run.id()).orElseThrow();
        onEnd.accept(run.id());
        try {
            listener.runFinished(last);
        } finally {
            done.complete(last);
        }
    }
}

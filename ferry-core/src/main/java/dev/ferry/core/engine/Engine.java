package dev.ferry.core.engine;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.artifact.StoredArtifact;
import dev.ferry.api.event.EventBus;
import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.cache.CacheKeys;
import dev.ferry.core.execution.BuiltinStepExecutor;
import dev.ferry.core.execution.HomeLayout;
import dev.ferry.core.execution.ProcessStepExecutor;
import dev.ferry.core.plan.Plan;
import dev.ferry.core.step.StepCatalog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Executes planned pipelines: starts, resumes, approves and cancels runs. Every state change is
 * written through the {@link MetadataStore} before it is announced, so another process (or this one
 * after a crash) can always pick a run up where it stands.
 */
public final class Engine implements AutoCloseable {
    private final MetadataStore metadata;
    private final ArtifactStore artifacts;
    private final PlanLoader plans;
    private final Clock clock;
    private final EngineOptions options;
    private final EngineParts parts;
    private final RunIds ids;
    private final Map<String, RunExecution> live = new ConcurrentHashMap<>();

    /**
     * @param plans re-plans a stored manifest when a run is resumed
     * @param bus where run and step events are published as CloudEvents, if anywhere
     */
    public Engine(
            MetadataStore metadata,
            ArtifactStore artifacts,
            StepCatalog catalog,
            PlanLoader plans,
            Optional<EventBus> bus,
            Clock clock,
            EngineOptions options) {
        this.metadata = metadata;
        this.artifacts = artifacts;
        this.plans = plans;
        this.clock = clock;
        this.options = options;
        HomeLayout layout = new HomeLayout(options.ferryHome());
        this.parts =
                new EngineParts(
                        metadata,
                        artifacts,
                        catalog,
                        new RunEvents(metadata, bus, clock, options.engineId()),
                        clock,
                        options,
                        new ProcessStepExecutor(
                                layout,
                                artifacts,
                                clock,
                                options.killGrace(),
                                options.trackingUri(),
                                options.workingDirectory()),
                        new BuiltinStepExecutor(
                                layout,
                                artifacts,
                                clock,
                                options.services(),
                                options.workingDirectory()),
                        new CacheKeys(),
                        new Semaphore(options.maxParallelSteps()));
        this.ids = new RunIds(clock);
    }

    /**
     * Starts a run of {@code plan} and returns at once; the run goes on on virtual threads.
     *
     * @throws EngineException for an unknown parameter or a value of the wrong type
     */
    public RunHandle start(Plan plan, RunRequest request) {
        Map<String, Object> params = RunParams.merge(plan.pipeline(), request.params());
        StoredArtifact manifest = artifacts.put(new ByteArrayInputStream(request.manifest()));
        metadata.recordArtifact(
                new ArtifactRecord(
                        manifest.digest(),
                        "manifest",
                        "application/yaml",
                        manifest.size(),
                        false,
                        clock.instant()));
        RunRecord run =
                new RunRecord(
                        ids.next(),
                        plan.pipeline().metadata().name(),
                        request.manifestPath(),
                        manifest.digest().toString(),
                        request.codeVersion(),
                        params,
                        RunState.RUNNING,
                        clock.instant(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(options.engineId()));
        metadata.insertRun(run);
        RunExecution execution =
                new RunExecution(
                        parts,
                        plan,
                        run,
                        request.noCache(),
                        request.listener(),
                        History.none(metadata),
                        live::remove);
        live.put(run.id(), execution);
        execution.start(false);
        return execution;
    }

    /**
     * Continues a failed, cancelled or crashed run: every step (and matrix point) that already
     * succeeded or was cached is reused, the rest runs again. The run keeps its id, parameters and
     * manifest (re-planned from the copy stored when it started).
     *
     * @throws EngineException if the run does not exist, already succeeded, or is still driven by a
     *     live engine
     */
    public RunHandle resume(String runIdOrPrefix, RunListener listener) {
        RunRecord run = find(runIdOrPrefix);
        if (run.state() == RunState.SUCCEEDED) {
            throw new EngineException("run " + run.id() + " already succeeded; nothing to resume");
        }
        if (live.containsKey(run.id())) {
            throw new EngineException("run " + run.id() + " is already running in this engine");
        }
        if (!run.state().isTerminal()) {
            Optional<String> engine = run.engine();
            if (engine.isPresent()
                    && !engine.get().equals(options.engineId())
                    && EngineIdentity.isAlive(engine.get())) {
                throw new EngineException(
                        "run "
                                + run.id()
                                + " is still driven by engine "
                                + engine.get()
                                + "; cancel it there (Ctrl-C) or wait for it to finish");
            }
        }
        Plan plan = plans.load(run.manifestPath(), manifestBytes(run));
        List<StepRunRecord> before = metadata.stepRuns(run.id());
        String previousEngine = run.engine().orElse("an earlier engine");
        for (StepRunRecord record : before) {
            if (record.state() == StepState.RUNNING || record.state() == StepState.PENDING) {
                metadata.updateStepRun(
                        new StepRunRecord(
                                record.id(),
                                record.runId(),
                                record.stepName(),
                                record.matrixIndex(),
                                record.matrix(),
                                record.attempt(),
                                StepState.FAILED,
                                record.inputs(),
                                record.cacheKey(),
                                record.cachedFrom(),
                                record.startedAt(),
                                Optional.of(clock.instant()),
                                record.exitCode(),
                                Optional.of(
                                        "the engine ("
                                                + previousEngine
                                                + ") stopped while this attempt ran")));
            }
        }
        boolean noCache = startedWithoutCache(run.id());
        metadata.updateRunEngine(run.id(), options.engineId());
        metadata.updateRunState(run.id(), RunState.RUNNING, Optional.empty(), clock.instant());
        RunRecord resumed = metadata.findRun(run.id()).orElseThrow();
        RunExecution execution =
                new RunExecution(
                        parts,
                        plan,
                        resumed,
                        noCache,
                        listener,
                        History.of(metadata, metadata.stepRuns(run.id())),
                        live::remove);
        live.put(run.id(), execution);
        execution.start(true);
        return execution;
    }

    /**
     * Approves a suspended step. The approval is recorded in the metadata store, where the engine
     * driving the run (in this or another process) notices it. If no live engine drives the run (it
     * crashed, or its process ended), this engine resumes it and returns its handle.
     *
     * @param approvedBy who approved, for the record
     * @throws EngineException if the step is not waiting for approval
     */
    public Optional<RunHandle> approve(
            String runIdOrPrefix, String step, String approvedBy, RunListener listener) {
        RunRecord run = find(runIdOrPrefix);
        List<StepRunRecord> attempts =
                metadata.stepRuns(run.id()).stream()
                        .filter(s -> s.stepName().equals(step))
                        .toList();
        if (attempts.isEmpty()) {
            throw new EngineException(
                    "step '"
                            + step
                            + "' of run "
                            + run.id()
                            + " has not started; only a step waiting for approval can be approved"
                            + " (see: ferry show "
                            + run.id()
                            + ")");
        }
        StepRunRecord last = attempts.getLast();
        if (last.state() != StepState.SUSPENDED) {
            throw new EngineException(
                    "step '"
                            + step
                            + "' of run "
                            + run.id()
                            + " is not waiting for approval (it is "
                            + last.state()
                            + ")");
        }
        metadata.appendEvent(
                new EventRecord(
                        0,
                        run.id(),
                        clock.instant(),
                        RunEvents.STEP_APPROVED,
                        Map.of("step", step, "by", approvedBy)));
        if (live.containsKey(run.id())) {
            return Optional.empty();
        }
        Optional<String> engine = run.engine();
        boolean driven =
                engine.isPresent()
                        && !engine.get().equals(options.engineId())
                        && EngineIdentity.isAlive(engine.get());
        if (driven && !run.state().isTerminal()) {
            return Optional.empty();
        }
        return Optional.of(resume(run.id(), listener));
    }

    /** Cancels a run this engine drives; returns false if it drives no such run. */
    public boolean cancel(String runId) {
        RunExecution execution = live.get(runId);
        if (execution == null) {
            return false;
        }
        execution.cancel();
        return true;
    }

    /** The runs this engine is driving now. */
    public List<String> liveRuns() {
        return List.copyOf(live.keySet());
    }

    /** Cancels every run this engine still drives and waits until they are recorded. */
    @Override
    public void close() {
        List<RunExecution> running = List.copyOf(live.values());
        running.forEach(RunExecution::cancel);
        running.forEach(RunExecution::await);
        parts.events().close();
    }

    private RunRecord find(String runIdOrPrefix) {
        return metadata.findRun(runIdOrPrefix)
                .orElseThrow(
                        () ->
                                new EngineException(
                                        "no run '"
                                                + runIdOrPrefix
                                                + "' (list runs with: ferry runs)"));
    }

    private byte[] manifestBytes(RunRecord run) {
        Digest digest;
        try {
            digest = Digest.parse(run.manifestDigest());
        } catch (IllegalArgumentException e) {
            throw new EngineException(
                    "run "
                            + run.id()
                            + " has no stored manifest ("
                            + run.manifestDigest()
                            + "); it cannot be resumed",
                    e);
        }
        if (!artifacts.contains(digest)) {
            throw new EngineException(
                    "the manifest of run "
                            + run.id()
                            + " ("
                            + digest
                            + ") is no longer in the artifact store; it cannot be resumed");
        }
        try (InputStream in = artifacts.open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EngineException(
                    "cannot read the manifest of run " + run.id() + ": " + e.getMessage(), e);
        }
    }

    private boolean startedWithoutCache(String runId) {
        for (EventRecord event : metadata.events(runId, 0)) {
            if (RunEvents.RUN_STARTED.equals(event.type())) {
                return Boolean.TRUE.equals(event.data().get("noCache"));
            }
        }
        return false;
    }
}

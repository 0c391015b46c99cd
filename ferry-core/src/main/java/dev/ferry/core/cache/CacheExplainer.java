package dev.ferry.core.cache;

import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Answers {@code ferry explain RUN STEP}: compares the cache key components a step had in a run
 * with those of the previous run of the same step, and names every component that changed.
 */
public final class CacheExplainer {
    private final MetadataStore metadata;

    public CacheExplainer(MetadataStore metadata) {
        this.metadata = metadata;
    }

    /** One explanation per matrix point of {@code step} in the run, in matrix order. */
    public List<CacheExplanation> explain(String runIdOrPrefix, String step) {
        RunRecord run =
                metadata.findRun(runIdOrPrefix)
                        .orElseThrow(
                                () ->
                                        new CacheException(
                                                "no run '"
                                                        + runIdOrPrefix
                                                        + "' (list runs with: ferry runs)"));
        Map<Integer, CacheDecision> current = decisions(run.id(), step);
        if (current.isEmpty()) {
            boolean known =
                    metadata.stepRuns(run.id()).stream().anyMatch(s -> s.stepName().equals(step));
            if (!known) {
                throw new CacheException(
                        "run "
                                + run.id()
                                + " has no step '"
                                + step
                                + "' (see: ferry show "
                                + run.id()
                                + ")");
            }
            return List.of(
                    new CacheExplanation(
                            step,
                            0,
                            CacheExplanation.Verdict.NOT_KEYED,
                            Optional.empty(),
                            Optional.empty(),
                            List.of(),
                            "step '"
                                    + step
                                    + "' was not keyed in this run: it was skipped, not reached,"
                                    + " or waits for approval"));
        }
        Optional<StepRunRecord> previous = metadata.previousAttempt(run.pipeline(), step, run.id());
        Map<Integer, CacheDecision> before =
                previous.map(p -> decisions(p.runId(), step)).orElse(Map.of());
        List<CacheExplanation> out = new ArrayList<>();
        current.forEach(
                (index, decision) ->
                        out.add(
                                explain(
                                        decision,
                                        previous.map(StepRunRecord::runId),
                                        Optional.ofNullable(before.get(index)))));
        return out;
    }

    private CacheExplanation explain(
            CacheDecision now, Optional<String> previousRun, Optional<CacheDecision> then) {
        String step = now.step();
        int index = now.matrixIndex();
        String point =
                index > 0
                                || now.key()
                                        .map(
                                                k ->
                                                        k.components().keySet().stream()
                                                                .anyMatch(
                                                                        c ->
                                                                                c.startsWith(
                                                                                        "matrix:")))
                                        .orElse(false)
                        ? "step '" + step + "' (matrix point " + index + ")"
                        : "step '" + step + "'";
        return switch (now.outcome()) {
            case HIT ->
                    new CacheExplanation(
                            step,
                            index,
                            CacheExplanation.Verdict.CACHED,
                            now.cachedFrom(),
                            previousRun,
                            List.of(),
                            point
                                    + " was cached: outputs reused from step run "
                                    + now.cachedFrom().orElse("?"));
            case DISABLED ->
                    new CacheExplanation(
                            step,
                            index,
                            CacheExplanation.Verdict.DISABLED,
                            Optional.empty(),
                            previousRun,
                            List.of(),
                            point + " ran without the cache: " + now.reason().orElse("disabled"));
            case MISS -> {
                if (then.isEmpty() || then.get().key().isEmpty() || now.key().isEmpty()) {
                    yield new CacheExplanation(
                            step,
                            index,
                            CacheExplanation.Verdict.NO_PREVIOUS,
                            Optional.empty(),
                            previousRun,
                            List.of(),
                            point + " ran: no earlier run of it has a cache key to compare with");
                }
                List<CacheExplanation.Change> changes =
                        diff(then.get().key().get(), now.key().get());
                if (changes.isEmpty()) {
                    yield new CacheExplanation(
                            step,
                            index,
                            CacheExplanation.Verdict.UNCHANGED,
                            Optional.empty(),
                            previousRun,
                            List.of(),
                            point
                                    + " ran although its key matches run "
                                    + previousRun.orElse("?")
                                    + ": that run did not succeed, or its outputs were"
                                    + " garbage-collected");
                }
                yield new CacheExplanation(
                        step,
                        index,
                        CacheExplanation.Verdict.CHANGED,
                        Optional.empty(),
                        previousRun,
                        changes,
                        point
                                + " ran because "
                                + changes.size()
                                + (changes.size() == 1 ? " part" : " parts")
                                + " of its key changed since run "
                                + previousRun.orElse("?"));
            }
        };
    }

    static List<CacheExplanation.Change> diff(CacheKey before, CacheKey after) {
        List<CacheExplanation.Change> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.components().keySet());
        names.addAll(after.components().keySet());
        for (String name : names) {
            String old = before.components().get(name);
            String now = after.components().get(name);
            if (!Objects.equals(old, now)) {
                changes.add(
                        new CacheExplanation.Change(
                                name, Optional.ofNullable(old), Optional.ofNullable(now)));
            }
        }
        return changes;
    }

    /** The last decision per matrix point of {@code step} in a run. */
    private Map<Integer, CacheDecision> decisions(String runId, String step) {
        Map<Integer, CacheDecision> latest = new TreeMap<>();
        for (EventRecord event : metadata.events(runId, 0)) {
            CacheDecision.fromEvent(event)
                    .filter(d -> d.step().equals(step))
                    .ifPresent(d -> latest.put(d.matrixIndex(), d));
        }
        return latest;
    }
}

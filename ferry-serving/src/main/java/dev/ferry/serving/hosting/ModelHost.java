package dev.ferry.serving.hosting;

import dev.ferry.serving.ModelLoadException;
import dev.ferry.serving.ModelNotFoundException;
import dev.ferry.serving.ServingException;
import dev.ferry.serving.UnavailableException;
import dev.ferry.serving.batching.CallWatchdog;
import dev.ferry.serving.inference.ModelState;
import dev.ferry.serving.inference.ModelTarget;
import dev.ferry.serving.inference.RepositoryEntry;
import dev.ferry.serving.metrics.ServingMetrics;
import dev.ferry.serving.repository.ModelFiles;
import dev.ferry.serving.repository.ModelRepository;
import dev.ferry.serving.runtime.Runtimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the loaded versions of every model and swaps them atomically: a (re)load builds all new
 * versions first and only then replaces the old ones, which drain before they are closed. A load
 * that fails leaves what was serving untouched.
 */
public final class ModelHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelHost.class);
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final ModelRepository repository;
    private final CallWatchdog watchdog = new CallWatchdog(Duration.ofMillis(10));
    private final VersionLoader loader;
    private final BiConsumer<ServedVersion, Boolean> readiness;
    private final Map<String, NavigableMap<Long, ServedVersion>> served = new ConcurrentHashMap<>();
    private final Map<String, Map<Long, String>> failures = new ConcurrentHashMap<>();
    private final Map<String, String> loadedFingerprints = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * A host loading from {@code repository} with {@code runtimes}, reporting to {@code metrics}.
     */
    public ModelHost(
            ModelRepository repository,
            Runtimes runtimes,
            HostingOptions options,
            ServingMetrics metrics) {
        this.repository = repository;
        this.loader = new VersionLoader(runtimes, options, metrics::forVersion, watchdog);
        this.readiness = (v, ready) -> metrics.modelReady(v.name(), v.versionLabel(), ready);
    }

    /** The repository models come from. */
    public ModelRepository repository() {
        return repository;
    }

    /**
     * Loads the versions the model's policy selects, reusing versions whose files did not change,
     * and swaps them in. Throws ModelLoadException (old versions keep serving) or
     * ModelNotFoundException.
     */
    public void load(String name) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try {
            ModelFiles files;
            try {
                files = repository.read(name);
            } catch (ModelLoadException e) {
                failures.put(name, Map.of(0L, e.getMessage()));
                throw e;
            }
            loadedFingerprints.put(name, fingerprint(files));
            List<ModelFiles.VersionFiles> selected = files.selected();
            if (selected.isEmpty()) {
                String reason =
                        "model '" + name + "' has no version directory the version policy selects";
                failures.put(name, Map.of(0L, reason));
                throw new ModelLoadException(reason);
            }
            NavigableMap<Long, ServedVersion> current =
                    served.getOrDefault(name, Collections.emptyNavigableMap());
            NavigableMap<Long, ServedVersion> next = new TreeMap<>();
            List<ServedVersion> fresh = new ArrayList<>();
            try {
                for (ModelFiles.VersionFiles v : selected) {
                    ServedVersion old = current.get(v.version());
                    if (old != null && old.fingerprint().equals(v.fingerprint())) {
                        next.put(v.version(), old);
                    } else {
                        ServedVersion loaded = loader.load(v.config().orElse(files.config()), v);
                        fresh.add(loaded);
                        next.put(v.version(), loaded);
                    }
                }
            } catch (RuntimeException e) {
                fresh.forEach(f -> f.retire(Duration.ZERO));
                failures.put(
                        name, Map.of(selected.getLast().version(), String.valueOf(e.getMessage())));
                throw e instanceof ServingException s
                        ? s
                        : new ModelLoadException("model '" + name + "' failed to load: " + e, e);
            }
            served.put(name, Collections.unmodifiableNavigableMap(next));
            failures.remove(name);
            fresh.forEach(f -> readiness.accept(f, true));
            for (ServedVersion old : current.values()) {
                if (next.get(old.version()) != old) {
                    if (!next.containsKey(old.version())) {
                        readiness.accept(old, false);
                    }
                    old.retire(DRAIN);
                }
            }
            LOG.info("model '{}' serving versions {}", name, next.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Unloads every version of a model, waiting for running requests, and frees their memory. */
    public void unload(String name) {
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        lock.lock();
        try {
            NavigableMap<Long, ServedVersion> gone = served.remove(name);
            loadedFingerprints.remove(name);
            if (gone == null) {
                repository.read(name);
                return;
            }
            for (ServedVersion v : gone.values()) {
                readiness.accept(v, false);
                v.retire(DRAIN);
            }
            LOG.info("model '{}' unloaded", name);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Finds and acquires the version a request addresses (the highest for an empty version). The
     * caller must {@link ServedVersion#release()} it.
     */
    public ServedVersion acquire(ModelTarget target) {
        for (int attempt = 0; attempt < 100; attempt++) {
            ServedVersion v = find(target);
            if (v.tryAcquire()) {
                return v;
            }
            Thread.onSpinWait();
        }
        throw new UnavailableException(target + " is being swapped; retry");
    }

    /** The loaded version a target names, without acquiring it. */
    public ServedVersion find(ModelTarget target) {
        NavigableMap<Long, ServedVersion> versions = served.get(target.name());
        if (versions != null && !versions.isEmpty()) {
            if (target.anyVersion()) {
                return versions.lastEntry().getValue();
            }
            ServedVersion v = versions.get(parseVersion(target));
            if (v != null) {
                return v;
            }
        }
        throw notServed(target);
    }

    /** The loaded versions of a model, ascending; empty when none are. */
    public List<ServedVersion> versions(String name) {
        return List.copyOf(served.getOrDefault(name, Collections.emptyNavigableMap()).values());
    }

    /** Whether the model's files changed since it was last loaded (for polling). */
    public boolean changed(String name, ModelFiles files) {
        return !fingerprint(files).equals(loadedFingerprints.get(name));
    }

    /** Models whose last load failed, with the reason. */
    public Map<String, String> failedModels() {
        Map<String, String> out = new TreeMap<>();
        failures.forEach((name, f) -> out.put(name, String.join("; ", f.values())));
        return out;
    }

    /** The names of loaded models. */
    public List<String> loadedNames() {
        return List.copyOf(new TreeSet<>(served.keySet()));
    }

    private ServingException notServed(ModelTarget target) {
        ModelFiles files;
        try {
            files = repository.read(target.name());
        } catch (ModelNotFoundException e) {
            return new ModelNotFoundException("unknown model '" + target.name() + "'");
        } catch (ModelLoadException e) {
            return new UnavailableException(
                    "model '" + target.name() + "' is not loaded: " + e.getMessage());
        }
        if (!target.anyVersion()) {
            long v = parseVersion(target);
            if (files.versions().stream().noneMatch(f -> f.version() == v)) {
                return new ModelNotFoundException(
                        "model '" + target.name() + "' has no version " + target.version());
            }
        }
        String reason = failureReason(target.name());
        return new UnavailableException(
                target + " is not loaded" + (reason.isEmpty() ? "" : ": " + reason));
    }

    private static long parseVersion(ModelTarget target) {
        try {
            long v = Long.parseLong(target.version());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ModelNotFoundException(
                    "model '"
                            + target.name()
                            + "' has no version '"
                            + target.version()
                            + "' (versions are positive integers)");
        }
    }

    private String failureReason(String name) {
        Map<Long, String> f = failures.get(name);
        return f == null ? "" : String.join("; ", f.values());
    }

    /** The repository index: every model version found, with its state and reason. */
    public List<RepositoryEntry> index(boolean readyOnly) {
        TreeSet<String> names = new TreeSet<>(repository.modelNames());
        names.addAll(served.keySet());
        List<RepositoryEntry> out = new ArrayList<>();
        for (String name : names) {
            NavigableMap<Long, ServedVersion> loaded =
                    served.getOrDefault(name, Collections.emptyNavigableMap());
            TreeSet<Long> versions = new TreeSet<>(loaded.keySet());
            try {
                repository.read(name).versions().forEach(v -> versions.add(v.version()));
            } catch (ServingException e) {
                if (loaded.isEmpty()) {
                    out.add(new RepositoryEntry(name, "", ModelState.UNAVAILABLE, e.getMessage()));
                }
            }
            for (long v : versions) {
                boolean ready = loaded.containsKey(v);
                if (!readyOnly || ready) {
                    String reason =
                            ready
                                    ? ""
                                    : failures.getOrDefault(name, Map.of())
                                            .getOrDefault(v, "not loaded");
                    out.add(
                            new RepositoryEntry(
                                    name,
                                    Long.toString(v),
                                    ready ? ModelState.READY : ModelState.UNAVAILABLE,
                                    reason));
                }
            }
        }
        return out;
    }

    private static String fingerprint(ModelFiles files) {
        StringBuilder sb = new StringBuilder();
        for (ModelFiles.VersionFiles v : files.selected()) {
            sb.append(v.version()).append('=').append(v.fingerprint()).append(';');
        }
        return sb.toString();
    }

    /** Unloads everything. */
    @Override
    public void close() {
        for (String name : List.copyOf(served.keySet())) {
            unload(name);
        }
        watchdog.close();
    }
}

package dev.ferry.serving.server;

import dev.ferry.serving.ServingException;
import dev.ferry.serving.hosting.ModelHost;
import dev.ferry.serving.repository.ModelFiles;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll mode: scans the repository on an interval, loads models that appear or whose files change,
 * and unloads models whose directory is gone. A change that fails to load is tried again only when
 * the files change again; the old version keeps serving meanwhile.
 */
final class RepositoryPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepositoryPoller.class);
    private final ModelHost host;
    private final Duration interval;
    private final Thread thread;
    private final java.util.Map<String, String> lastProblem =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean closed;

    RepositoryPoller(ModelHost host, Duration interval) {
        this.host = host;
        this.interval = interval;
        this.thread = Thread.ofVirtual().name("repository-poller").start(this::run);
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                scanOnce();
            } catch (RuntimeException e) {
                LOG.warn(
                        "scanning model repository {} failed: {}",
                        host.repository().location(),
                        e.toString());
            }
        }
    }

    void scanOnce() {
        Set<String> present = new HashSet<>(host.repository().modelNames());
        for (String name : host.loadedNames()) {
            if (!present.contains(name)) {
                LOG.info("model '{}' left the repository; unloading", name);
                host.unload(name);
            }
        }
        for (String name : present) {
            try {
                ModelFiles files = host.repository().read(name);
                if (host.changed(name, files)) {
                    host.load(name);
                }
                lastProblem.remove(name);
            } catch (ServingException e) {
                // Log a broken model once per distinct problem, not on every scan.
                if (!e.getMessage().equals(lastProblem.put(name, e.getMessage()))) {
                    LOG.warn("model '{}' not (re)loaded: {}", name, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

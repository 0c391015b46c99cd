package dev.ferry.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.event.EventBus;
import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.MetadataStore;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Appends a run's events to the metadata store's event log and, when a bus is given, publishes them
 * as CloudEvents ({@code dev.ferry.run.*}, {@code dev.ferry.step.*}) with the run id as subject.
 */
final class RunEvents {
    static final String RUN_STARTED = "dev.ferry.run.started";
    static final String RUN_RESUMED = "dev.ferry.run.resumed";
    static final String RUN_SUSPENDED = "dev.ferry.run.suspended";
    static final String RUN_FINISHED = "dev.ferry.run.finished";
    static final String STEP_STARTED = "dev.ferry.step.started";
    static final String STEP_FINISHED = "dev.ferry.step.finished";
    static final String STEP_RETRYING = "dev.ferry.step.retrying";
    static final String STEP_SUSPENDED = "dev.ferry.step.suspended";
    static final String STEP_APPROVED = "dev.ferry.step.approved";

    private final MetadataStore metadata;
    private final Optional<EventBus> bus;
    private final Clock clock;
    private final URI source;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong dropped = new AtomicLong();
    private final java.util.concurrent.BlockingQueue<EventRecord> queue =
            new java.util.concurrent.LinkedBlockingQueue<>();
    private Thread writer;
    private long pending;
    private RuntimeException failure;

    RunEvents(MetadataStore metadata, Optional<EventBus> bus, Clock clock, String engineId) {
        this.metadata = metadata;
        this.bus = bus;
        this.clock = clock;
        this.source = URI.create("urn:ferry:engine:" + engineId.replaceAll("[^A-Za-z0-9.:-]", "_"));
    }

    /**
     * Queues the event for the log and the bus. A single writer appends queued events in order, off
     * the steps' critical path; {@link #flush()} waits until everything queued is written. State
     * changes never travel this way: they are written by the caller before it emits.
     */
    void emit(String runId, String type, Map<String, Object> data) {
        EventRecord event = new EventRecord(0, runId, clock.instant(), type, data);
        synchronized (this) {
            if (writer == null) {
                writer = Thread.ofVirtual().name("event-log").start(this::drain);
            }
            pending++;
        }
        queue.add(event);
    }

    /** Waits until every event emitted so far is in the log; rethrows a failed append. */
    synchronized void flush() {
        while (pending > 0 && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineException("interrupted while writing the event log", e);
            }
        }
        if (failure != null) {
            throw new EngineException(
                    "cannot write the event log: " + failure.getMessage(), failure);
        }
    }

    private void drain() {
        while (true) {
            EventRecord event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                long seq = metadata.appendEvent(event);
                bus.ifPresent(
                        b -> {
                            if (!b.publish(
                                    cloudEvent(
                                            event.runId(),
                                            seq,
                                            event.type(),
                                            event.time(),
                                            event.data()))) {
                                dropped.incrementAndGet();
                            }
                        });
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                }
            }
            synchronized (this) {
                pending--;
                notifyAll();
            }
        }
    }

    /** Writes what is queued, then stops the writer. */
    void close() {
        try {
            flush();
        } finally {
            synchronized (this) {
                if (writer != null) {
                    writer.interrupt();
                }
            }
        }
    }

    /** Events the bus refused because it was full or closed. */
    long dropped() {
        return dropped.get();
    }

    private CloudEvent cloudEvent(
            String runId, long seq, String type, java.time.Instant time, Map<String, Object> data) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new EngineException("cannot encode event " + type + ": " + e.getMessage(), e);
        }
        return CloudEventBuilder.v1()
                .withId(runId + "-" + seq)
                .withSource(source)
                .withType(type)
                .withSubject(runId)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(body)
                .build();
    }
}

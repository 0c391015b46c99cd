package dev.ferry.gitops.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.event.EventBus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a rollout's lifecycle as CloudEvents shaped like Keptn's task events: {@code
 * dev.ferry.rollout.triggered}, {@code .started}, {@code .finished} (and {@code .refused}, {@code
 * .status.changed} for canary steps, {@code dev.ferry.policy.decided} for policy decisions). All
 * events of one rollout share the context id {@code shkeptncontext} (the rollout's id); started and
 * finished name the triggered event in {@code triggeredid}; {@code gitcommitid} is the commit. The
 * data carries Keptn's {@code project}, {@code stage} (the branch), {@code service} (the
 * deployment), {@code status} (succeeded, errored, unknown) and {@code result} (pass, warning,
 * fail), plus the rollout's own fields.
 */
public final class RolloutEvents {
    public static final String TRIGGERED = "dev.ferry.rollout.triggered";
    public static final String STARTED = "dev.ferry.rollout.started";
    public static final String STATUS_CHANGED = "dev.ferry.rollout.status.changed";
    public static final String FINISHED = "dev.ferry.rollout.finished";
    public static final String REFUSED = "dev.ferry.rollout.refused";
    public static final String POLICY_DECIDED = "dev.ferry.policy.decided";

    private final Optional<EventBus> bus;
    private final String project;
    private final String stage;
    private final Clock clock;
    private final URI source;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> triggeredIds = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    public RolloutEvents(Optional<EventBus> bus, String project, String stage, Clock clock) {
        this.bus = bus;
        this.project = project;
        this.stage = stage;
        this.clock = clock;
        this.source =
                URI.create("urn:ferry:reconciler:" + stage.replaceAll("[^A-Za-z0-9.:-]", "_"));
    }

    /** Triggered and started, for a rollout that begins now. */
    public void begin(RolloutRecord r) {
        String triggered = publish(TRIGGERED, r, Optional.empty());
        triggeredIds.put(r.id(), triggered);
        publish(STARTED, r, Optional.of(triggered));
    }

    /** A canary moved to its next step. */
    public void progressed(RolloutRecord r) {
        publish(STATUS_CHANGED, r, Optional.ofNullable(triggeredIds.get(r.id())));
    }

    /** The rollout finished, whatever its result. */
    public void finished(RolloutRecord r) {
        publish(FINISHED, r, Optional.ofNullable(triggeredIds.remove(r.id())));
    }

    /** A commit (or one deployment of it) was refused. */
    public void refused(RolloutRecord r) {
        publish(REFUSED, r, Optional.empty());
    }

    /** A release policy decided something. */
    public void decided(RolloutRecord r) {
        publish(POLICY_DECIDED, r, Optional.empty());
    }

    /** Events the bus refused because it was full or closed. */
    public long dropped() {
        return dropped.get();
    }

    private String publish(String type, RolloutRecord r, Optional<String> triggeredId) {
        String id = UUID.randomUUID().toString();
        if (bus.isEmpty()) {
            return id;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("project", project);
        data.put("stage", stage);
        data.put("service", r.deployment());
        data.put("labels", Map.of("strategy", r.strategy(), "commit", r.commit()));
        data.put("status", status(type, r.result()));
        data.put("result", result(type, r.result()));
        data.put("message", r.message());
        Map<String, Object> rollout = new LinkedHashMap<>();
        rollout.put("id", r.id());
        rollout.put("deployment", r.deployment());
        rollout.put("commit", r.commit());
        rollout.put("strategy", r.strategy());
        rollout.put("state", r.result().display());
        rollout.put("step", r.step());
        rollout.put("changes", r.changes());
        rollout.put("evidence", r.evidence());
        data.put("rollout", rollout);
        byte[] body;
        try {
            body = json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("rollout event data is not JSON: " + e, e);
        }
        CloudEventBuilder event =
                CloudEventBuilder.v1()
                        .withId(id)
                        .withSource(source)
                        .withType(type)
                        .withSubject(r.deployment())
                        .withTime(clock.instant().atOffset(ZoneOffset.UTC))
                        .withDataContentType("application/json")
                        .withExtension("shkeptncontext", r.id())
                        .withExtension("gitcommitid", r.commit())
                        .withData(body);
        triggeredId.ifPresent(t -> event.withExtension("triggeredid", t));
        CloudEvent built = event.build();
        if (!bus.get().publish(built)) {
            dropped.incrementAndGet();
        }
        return id;
    }

    // Keptn: status says whether the task ran (succeeded/errored), result how it judged.
    private static String status(String type, RolloutResult r) {
        if (type.equals(TRIGGERED) || type.equals(STARTED) || type.equals(STATUS_CHANGED)) {
            return "unknown";
        }
        return switch (r) {
            case FAILED, REFUSED -> "errored";
            case PROGRESSING -> "unknown";
            default -> "succeeded";
        };
    }

    private static String result(String type, RolloutResult r) {
        if (type.equals(POLICY_DECIDED)) {
            return "warning";
        }
        return switch (r) {
            case SUCCEEDED, PROGRESSING -> "pass";
            case ABORTED, FAILED, REFUSED -> "fail";
        };
    }
}

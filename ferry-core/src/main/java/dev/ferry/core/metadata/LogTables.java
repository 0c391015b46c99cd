package dev.ferry.core.metadata;

import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.MetricPoint;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/** SQL for the two append-only tables: {@code metrics} and {@code events}. */
final class LogTables {
    private final JsonColumns json;

    LogTables(JsonColumns json) {
        this.json = json;
    }

    void insertMetrics(Handle h, Collection<MetricPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        PreparedBatch batch =
                h.prepareBatch(
                        "INSERT INTO metrics (run_id, step_run_id, name, value, step, recorded_at)"
                                + " VALUES (:runId, :stepRunId, :name, :value, :step, :at)");
        for (MetricPoint p : points) {
            batch.bind("runId", p.runId())
                    .bind("stepRunId", p.stepRunId())
                    .bind("name", p.name())
                    .bind("value", p.value())
                    .bind("step", p.step())
                    .bind("at", Micros.of(p.timestamp()))
                    .add();
        }
        batch.execute();
    }

    List<MetricPoint> metrics(Handle h, String runId) {
        return h.createQuery(
                        "SELECT run_id, step_run_id, name, value, step, recorded_at FROM metrics"
                                + " WHERE run_id = :runId ORDER BY seq")
                .bind("runId", runId)
                .map(
                        (rs, ctx) ->
                                new MetricPoint(
                                        rs.getString("run_id"),
                                        rs.getString("step_run_id"),
                                        rs.getString("name"),
                                        rs.getDouble("value"),
                                        rs.getLong("step"),
                                        Micros.get(rs, "recorded_at")))
                .list();
    }

    long appendEvent(Handle h, EventRecord event) {
        return h.createQuery(
                        "INSERT INTO events (run_id, time, type, data)"
                                + " VALUES (:runId, :time, :type, CAST(:data AS <json>))"
                                + " RETURNING seq")
                .bind("runId", event.runId())
                .bind("time", Micros.of(event.time()))
                .bind("type", event.type())
                .bind("data", json.write(event.data()))
                .mapTo(Long.class)
                .one();
    }

    List<EventRecord> events(Handle h, String runId, long afterSeq) {
        return h.createQuery(
                        "SELECT seq, run_id, time, type, data FROM events"
                                + " WHERE run_id = :runId AND seq > :after ORDER BY seq")
                .bind("runId", runId)
                .bind("after", afterSeq)
                .map(
                        (rs, ctx) ->
                                new EventRecord(
                                        rs.getLong("seq"),
                                        rs.getString("run_id"),
                                        Micros.get(rs, "time"),
                                        rs.getString("type"),
                                        json.readMap(rs.getString("data"))))
                .list();
    }
}

package dev.ferry.core.promotion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.promotion.Evidence;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.api.promotion.PromotionStore;
import dev.ferry.api.promotion.PromotionStoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Promotion requests on the metadata database (SQLite or PostgreSQL, table from migration V61),
 * through Jdbi. State changes are compare-and-set updates, so two people approving and rejecting at
 * once cannot both win.
 */
public final class JdbcPromotionStore implements PromotionStore {
    private static final String COLUMNS =
            "id, deployment, model, staging_commit, base_commit, diff, evidence_json, state,"
                    + " created_at, updated_at, merge_commit, decided_by, note";

    private final Jdbi jdbi;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcPromotionStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The JSON shape of one piece of evidence. */
    record EvidenceJson(String check, boolean passed, String detail, Map<String, Double> metrics) {}

    @Override
    public void create(Promotion p) {
        String evidence = write(p);
        run(
                "record promotion request " + p.id() + " of " + p.deployment(),
                h ->
                        h.createUpdate(
                                        "INSERT INTO promotion_requests ("
                                                + COLUMNS
                                                + ") VALUES (:id, :deployment, :model, :staging,"
                                                + " :base, :diff, :evidence, :state, :created,"
                                                + " :updated, :merge, :by, :note)")
                                .bind("id", p.id())
                                .bind("deployment", p.deployment())
                                .bind("model", p.model())
                                .bind("staging", p.stagingCommit())
                                .bind("base", p.baseCommit().orElse(null))
                                .bind("diff", p.diff())
                                .bind("evidence", evidence)
                                .bind("state", p.state().name())
                                .bind("created", p.createdAt().toEpochMilli())
                                .bind("updated", p.updatedAt().toEpochMilli())
                                .bind("merge", p.mergeCommit().orElse(null))
                                .bind("by", p.decidedBy().orElse(null))
                                .bind("note", p.note().orElse(null))
                                .execute());
    }

    @Override
    public Optional<Promotion> find(String idOrPrefix) {
        List<Promotion> found =
                run(
                        "find promotion request " + idOrPrefix,
                        h ->
                                h.createQuery(
                                                "SELECT "
                                                        + COLUMNS
                                                        + " FROM promotion_requests WHERE id LIKE"
                                                        + " :prefix ORDER BY id LIMIT 2")
                                        .bind("prefix", escape(idOrPrefix) + "%")
                                        .map((rs, ctx) -> read(rs))
                                        .list());
        Optional<Promotion> exact = found.stream().filter(p -> p.id().equals(idOrPrefix)).findAny();
        if (exact.isPresent() || found.size() <= 1) {
            return exact.or(() -> found.stream().findFirst());
        }
        throw new PromotionStoreException(
                "promotion request id '"
                        + idOrPrefix
                        + "' is ambiguous: it starts "
                        + found.get(0).id()
                        + " and "
                        + found.get(1).id()
                        + "; give more of it");
    }

    @Override
    public List<Promotion> list(Optional<String> deployment, int limit) {
        return run(
                "list promotion requests",
                h ->
                        h.createQuery(
                                        "SELECT "
                                                + COLUMNS
                                                + " FROM promotion_requests"
                                                + (deployment.isPresent()
                                                        ? " WHERE deployment = :deployment"
                                                        : "")
                                                + " ORDER BY created_at DESC, id DESC LIMIT"
                                                + " :limit")
                                .bind("deployment", deployment.orElse(null))
                                .bind("limit", limit)
                                .map((rs, ctx) -> read(rs))
                                .list());
    }

    @Override
    public Promotion transition(
            String id,
            Set<PromotionState> from,
            PromotionState to,
            Transition details,
            Instant at) {
        List<String> states = from.stream().map(Enum::name).toList();
        int changed =
                run(
                        "update promotion request " + id,
                        h ->
                                h.createUpdate(
                                                "UPDATE promotion_requests SET state = :to,"
                                                        + " updated_at = :at, merge_commit ="
                                                        + " COALESCE(:merge, merge_commit),"
                                                        + " decided_by = COALESCE(:by,"
                                                        + " decided_by), note = COALESCE(:note,"
                                                        + " note) WHERE id = :id AND state IN"
                                                        + " (<from>)")
                                        .bindList("from", states)
                                        .bind("to", to.name())
                                        .bind("at", at.toEpochMilli())
                                        .bind("merge", details.mergeCommit().orElse(null))
                                        .bind("by", details.decidedBy().orElse(null))
                                        .bind("note", details.note().orElse(null))
                                        .bind("id", id)
                                        .execute());
        Promotion now =
                find(id).filter(p -> p.id().equals(id))
                        .orElseThrow(
                                () ->
                                        new PromotionStoreException(
                                                "no promotion request "
                                                        + id
                                                        + " (see ferry"
                                                        + " promotions)"));
        if (changed == 0) {
            throw new PromotionStoreException(
                    "promotion request "
                            + id
                            + " is "
                            + now.state().name().toLowerCase(java.util.Locale.ROOT)
                            + ", not "
                            + String.join(
                                    " or ",
                                    states.stream()
                                            .map(s -> s.toLowerCase(java.util.Locale.ROOT))
                                            .toList()));
        }
        return now;
    }

    private Promotion read(ResultSet rs) throws SQLException {
        return new Promotion(
                rs.getString("id"),
                rs.getString("deployment"),
                rs.getString("model"),
                rs.getString("staging_commit"),
                Optional.ofNullable(rs.getString("base_commit")),
                rs.getString("diff"),
                evidence(rs.getString("evidence_json")),
                PromotionState.valueOf(rs.getString("state")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                Optional.ofNullable(rs.getString("merge_commit")),
                Optional.ofNullable(rs.getString("decided_by")),
                Optional.ofNullable(rs.getString("note")));
    }

    private String write(Promotion p) {
        List<EvidenceJson> list = new ArrayList<>();
        for (Evidence e : p.evidence()) {
            list.add(new EvidenceJson(e.check(), e.passed(), e.detail(), e.metrics()));
        }
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new PromotionStoreException(
                    "cannot write the evidence of promotion request " + p.id(), e);
        }
    }

    private List<Evidence> evidence(String text) {
        try {
            return json.readValue(text, new TypeReference<List<EvidenceJson>>() {}).stream()
                    .map(e -> new Evidence(e.check(), e.passed(), e.detail(), e.metrics()))
                    .toList();
        } catch (JsonProcessingException e) {
            throw new PromotionStoreException("unreadable evidence in the promotion store", e);
        }
    }

    private static String escape(String prefix) {
        return prefix.replaceAll("[^A-Za-z0-9-]", "");
    }

    private <T> T run(String what, Function<Handle, T> action) {
        try {
            return jdbi.withHandle(action::apply);
        } catch (JdbiException e) {
            throw new PromotionStoreException(
                    "cannot " + what + " in the metadata database: " + e.getMessage(), e);
        }
    }
}

package dev.ferry.api.promotion;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where promotion requests are recorded: the metadata database. */
public interface PromotionStore {

    /** Records a new request. */
    void create(Promotion promotion);

    /**
     * The request with this id, or the only one whose id starts with it.
     *
     * @throws PromotionStoreException when the prefix matches more than one
     */
    Optional<Promotion> find(String idOrPrefix);

    /** Requests, newest first, optionally of one deployment, at most {@code limit}. */
    List<Promotion> list(Optional<String> deployment, int limit);

    /**
     * Moves a request to {@code to} if it is in one of {@code from} (compare and set: of two racing
     * deciders exactly one wins) and returns it as stored.
     *
     * @throws PromotionStoreException naming its actual state when it is in none of {@code from}
     */
    Promotion transition(
            String id, Set<PromotionState> from, PromotionState to, Transition details, Instant at);

    /**
     * What a state change records besides the state.
     *
     * @param mergeCommit the production commit, for {@code MERGED}
     * @param decidedBy who decided
     * @param note why
     */
    record Transition(
            Optional<String> mergeCommit, Optional<String> decidedBy, Optional<String> note) {
        public static Transition by(String who) {
            return new Transition(Optional.empty(), Optional.of(who), Optional.empty());
        }
    }
}

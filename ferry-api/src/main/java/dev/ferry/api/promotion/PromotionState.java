package dev.ferry.api.promotion;

/** Where a promotion request to production stands. */
public enum PromotionState {
    /** Verified on staging, waiting for approval. */
    OPEN,
    /** Approved; being merged into the production branch. */
    APPROVED,
    /** The change is on the production branch. */
    MERGED,
    /** Someone said no; nothing reached production. */
    REJECTED,
    /** The staging gate failed, or the merge could not be made; nothing reached production. */
    FAILED;

    /** Whether nothing will happen to the request any more. */
    public boolean isFinal() {
        return this == MERGED || this == REJECTED || this == FAILED;
    }
}

package dev.ferry.serving.batching;

/** Receives what a scheduler measures, so it can feed metrics without knowing about them. */
public interface CallObserver {

    /** A request waited {@code nanos} before its model call started. */
    void queued(long nanos);

    /** A model call over {@code rows} rows took {@code nanos}. */
    void called(long nanos, long rows);

    /** The number of waiting requests changed by {@code delta}. */
    void depth(int delta);

    /** An observer that records nothing. */
    static CallObserver none() {
        return new CallObserver() {
            @Override
            public void queued(long nanos) {}

            @Override
            public void called(long nanos, long rows) {}

            @Override
            public void depth(int delta) {}
        };
    }
}

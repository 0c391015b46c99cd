package dev.ferry.serving.batching;

/** The carrier threads virtual threads run on in this JVM, as the JDK's scheduler sizes them. */
final class Carriers {
    private Carriers() {}

    /** The scheduler's parallelism: its system property, else one per available processor. */
    static int count() {
        return Integer.getInteger(
                "jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }
}

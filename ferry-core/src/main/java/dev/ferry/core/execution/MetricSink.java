package dev.ferry.core.execution;

/** Receives metric points as a step reports them. */
@FunctionalInterface
public interface MetricSink {

    /** One value of metric {@code name} at training step {@code step}. */
    void metric(String name, double value, long step);
}

package dev.ferry.api.artifact;

/** The outcome of an artifact garbage collection. */
public record GcResult(int removed, long bytesFreed, int kept) {}

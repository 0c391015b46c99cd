package dev.ferry.client;

/** One row of the model repository index: a model version and its state. */
public record RepositoryEntry(String name, String version, String state, String reason) {}

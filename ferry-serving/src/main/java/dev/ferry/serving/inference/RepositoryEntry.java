package dev.ferry.serving.inference;

/** One row of the repository index: a model version, its state and why it is in that state. */
public record RepositoryEntry(String name, String version, ModelState state, String reason) {}

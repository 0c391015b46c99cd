package dev.ferry.api.artifact;

/** What the store knows of one artifact: its address, size in bytes and whether it is a tree. */
public record StoredArtifact(Digest digest, long size, boolean directory) {}

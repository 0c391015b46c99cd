package dev.ferry.core.lineage;

/**
 * Where an artifact came from ({@code upstream}: the step runs that produced it, their inputs, and
 * so on) and where it went ({@code downstream}: the step runs that consumed it, their outputs...).
 */
public record ArtifactLineage(
        ArtifactNode artifact, LineageGraph upstream, LineageGraph downstream) {}

package dev.ferry.api.deployment;

/**
 * One predictor of a deployment with its model reference resolved to an exact version.
 *
 * @param predictor the predictor's name
 * @param version the version answering for it
 * @param weight its percentage of traffic
 */
public record Route(String predictor, VersionKey version, int weight) {}

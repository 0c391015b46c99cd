package dev.ferry.api.deployment;

import dev.ferry.api.model.ModelRef;

/**
 * One model answering a deployment's callers.
 *
 * @param name unique within the deployment, reported with every answer
 * @param model the registered model version to serve
 * @param weight the percentage of traffic it receives (0 to 100)
 */
public record Predictor(String name, ModelRef model, int weight) {}

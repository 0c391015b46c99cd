package dev.ferry.api.deployment;

import dev.ferry.api.model.ModelRef;

/**
 * A model that receives a copy of live traffic; its answers are measured, never returned.
 *
 * @param model the registered model version to mirror to
 */
public record Shadow(ModelRef model) {}

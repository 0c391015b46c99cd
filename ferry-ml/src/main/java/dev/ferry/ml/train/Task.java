package dev.ferry.ml.train;

/** What a model predicts: a category (classification) or a number (regression). */
public enum Task {
    CLASSIFICATION,
    REGRESSION
}

package dev.ferry.ml.split;

/**
 * Row indices of each part of a split, each in ascending order.
 *
 * @param train rows to train on
 * @param eval rows to evaluate on
 * @param test held-out rows (empty when no test part was asked for)
 */
public record Partition(int[] train, int[] eval, int[] test) {}

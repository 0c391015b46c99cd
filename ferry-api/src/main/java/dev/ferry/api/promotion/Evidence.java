package dev.ferry.api.promotion;

import java.util.Map;

/**
 * One check of the staging gate and what it found.
 *
 * @param check the check's name: {@code deploy}, {@code health}, {@code smoke}, {@code accuracy}
 * @param passed whether it passed
 * @param detail what was seen, in words
 * @param metrics numbers it measured (e.g. {@code accuracy}, {@code samples}, {@code latency_ms})
 */
public record Evidence(String check, boolean passed, String detail, Map<String, Double> metrics) {
    public Evidence {
        metrics = Map.copyOf(metrics);
    }
}

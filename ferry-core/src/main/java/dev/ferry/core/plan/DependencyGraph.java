package dev.ferry.core.plan;

import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Steps and their "needs" edges, in manifest order: orders them topologically and reports every
 * cycle with its path.
 */
final class DependencyGraph {
    /** step -> (dependency -> where the dependency is written), both in manifest order. */
    private final Map<String, Map<String, SourceLocation>> edges = new LinkedHashMap<>();

    void addStep(String step) {
        edges.putIfAbsent(step, new LinkedHashMap<>());
    }

    void addEdge(String step, String dependency, SourceLocation at) {
        edges.get(step).putIfAbsent(dependency, at);
    }

    List<String> dependencies(String step) {
        return List.copyOf(edges.get(step).keySet());
    }

    /**
     * The steps in an order where each comes after its dependencies; among ready steps the one
     * written first goes first. Steps on or behind a cycle are left out and reported.
     */
    List<String> order(List<Problem> problems) {
        List<String> names = List.copyOf(edges.keySet());
        Map<String, Integer> position = new HashMap<>();
        Map<String, Integer> waitingOn = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String step = names.get(i);
            position.put(step, i);
            waitingOn.put(step, edges.get(step).size());
            for (String dependency : edges.get(step).keySet()) {
                dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(step);
            }
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        waitingOn.forEach(
                (step, count) -> {
                    if (count == 0) {
                        ready.add(position.get(step));
                    }
                });
        List<String> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!ready.isEmpty()) {
            String step = names.get(ready.poll());
            ordered.add(step);
            done.add(step);
            for (String dependent : dependents.getOrDefault(step, List.of())) {
                if (waitingOn.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(position.get(dependent));
                }
            }
        }
        if (ordered.size() < names.size()) {
            reportCycles(done, problems);
        }
        return ordered;
    }

    private void reportCycles(Set<String> done, List<Problem> problems) {
        Set<String> reported = new HashSet<>();
        for (String start : edges.keySet()) {
            if (done.contains(start) || reported.contains(start)) {
                continue;
            }
            List<String> cycle = findCycle(start, done);
            if (cycle.isEmpty() || reported.stream().anyMatch(cycle::contains)) {
                continue;
            }
            reported.addAll(cycle);
            String first = cycle.getFirst();
            String path = String.join(" -> ", cycle) + " -> " + first;
            String second = cycle.size() > 1 ? cycle.get(1) : first;
            problems.add(
                    new Problem(
                            edges.get(first).get(second),
                            "dependency cycle: "
                                    + path
                                    + " (each step needs the next; remove one of these"
                                    + " dependencies)"));
        }
    }

    /**
     * A cycle reachable from {@code start} among unfinished steps, starting at its first member.
     */
    private List<String> findCycle(String start, Set<String> done) {
        List<String> path = new ArrayList<>();
        Set<String> onPath = new LinkedHashSet<>();
        String current = start;
        while (current != null && !onPath.contains(current)) {
            path.add(current);
            onPath.add(current);
            String next = null;
            for (String dependency : edges.get(current).keySet()) {
                if (!done.contains(dependency)) {
                    next = dependency;
                    break;
                }
            }
            current = next;
        }
        if (current == null) {
            return List.of();
        }
        List<String> cycle = path.subList(path.indexOf(current), path.size());
        int firstWritten = 0;
        List<String> names = List.copyOf(edges.keySet());
        for (int i = 1; i < cycle.size(); i++) {
            if (names.indexOf(cycle.get(i)) < names.indexOf(cycle.get(firstWritten))) {
                firstWritten = i;
            }
        }
        List<String> rotated = new ArrayList<>(cycle.subList(firstWritten, cycle.size()));
        rotated.addAll(cycle.subList(0, firstWritten));
        return rotated;
    }
}

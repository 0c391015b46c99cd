package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private static Map<String, List<String>> graph(Object... pairs) {
        Map<String, List<String>> graph = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> deps = (List<String>) pairs[i + 1];
            graph.put((String) pairs[i], deps);
        }
        return graph;
    }

    @Test
    void startsEveryNodeOnlyAfterAllItsDependenciesFinished() throws Exception {
        var dependencies =
                graph(
                        "ingest", List.of(),
                        "validate", List.of("ingest"),
                        "split", List.of("ingest"),
                        "train", List.of("split", "validate"),
                        "evaluate", List.of("train", "split"));
        Set<String> finished = ConcurrentHashMap.newKeySet();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        var result =
                new Scheduler(dependencies)
                        .run(
                                node -> {
                                    for (String dependency : dependencies.get(node)) {
                                        if (!finished.contains(dependency)) {
                                            violations.add(node + " started before " + dependency);
                                        }
                                    }
                                    finished.add(node);
                                });
        assertThat(violations).isEmpty();
        assertThat(finished).containsExactlyInAnyOrderElementsOf(dependencies.keySet());
        assertThat(result.notStarted()).isEmpty();
        assertThat(result.crashed()).isEmpty();
    }

    @Test
    void runsIndependentBranchesAtTheSameTime() throws Exception {
        // Both branches must be inside their task at once to pass the barrier.
        CyclicBarrier both = new CyclicBarrier(2);
        var result =
                new Scheduler(graph("a", List.of(), "b", List.of(), "c", List.of("a", "b")))
                        .run(
                                node -> {
                                    if (!node.equals("c")) {
                                        both.await(30, TimeUnit.SECONDS);
                                    }
                                });
        assertThat(result.crashed()).isEmpty();
    }

    @Test
    void aCancelStartsNothingNewAndReportsWhatNeverStarted() throws Exception {
        var scheduler =
                new Scheduler(
                        graph(
                                "first",
                                List.of(),
                                "second",
                                List.of("first"),
                                "third",
                                List.of("second")));
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread.ofVirtual()
                .start(
                        () -> {
                            try {
                                inFirst.await();
                                scheduler.cancel();
                                release.countDown();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
        var result =
                scheduler.run(
                        node -> {
                            inFirst.countDown();
                            release.await();
                        });
        assertThat(scheduler.isCancelled()).isTrue();
        assertThat(result.notStarted()).containsExactly("second", "third");
    }

    @Test
    void aNodeThatThrowsIsReportedAndItsDependentsStillGetToDecide() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        var result =
                new Scheduler(graph("a", List.of(), "b", List.of("a")))
                        .run(
                                node -> {
                                    ran.add(node);
                                    if (node.equals("a")) {
                                        throw new IllegalStateException("boom");
                                    }
                                });
        assertThat(ran).containsExactly("a", "b");
        assertThat(result.crashed()).containsOnlyKeys("a");
    }

    @Test
    void rejectsADependencyOnAnUnknownNode() {
        assertThatThrownBy(() -> new Scheduler(graph("a", List.of("ghost"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost");
    }
}

package dev.ferry.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTreeTest {

    @Test
    void killsAProcessAndTheChildItStarted(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("grandchild.pid");
        Process parent =
                new ProcessBuilder(List.of("sh", "-c", "sleep 300 & echo $! > " + pid + "; wait"))
                        .start();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(pid) && Files.size(pid) > 0);
        long grandchild = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(grandchild)).isPresent();

        ProcessTree.kill(parent.toHandle(), Duration.ofSeconds(2));

        // kill returns once the process is gone; the Process object learns it from the JDK's
        // reaper thread a moment later.
        assertThat(parent.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }

    @Test
    void escalatesToSigkillWhenTheTreeIgnoresSigterm(@TempDir Path dir) throws Exception {
        Path ready = dir.resolve("ready");
        Process stubborn =
                new ProcessBuilder(
                                List.of(
                                        "sh",
                                        "-c",
                                        "trap '' TERM; touch "
                                                + ready
                                                + "; while :; do sleep 1; done"))
                        .start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ready));

        ProcessTree.kill(stubborn.toHandle(), Duration.ofMillis(300));

        assertThat(stubborn.waitFor(5, TimeUnit.SECONDS)).isTrue();
    }
}

package dev.ferry.core.execution;

import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the logs steps wrote ({@code ferry logs RUN [STEP] [-f]}): every attempt of every step of a
 * run, in the order they started, each line prefixed with the attempt it came from.
 */
public final class StepLogs {
    private final HomeLayout layout;
    private final MetadataStore metadata;

    public StepLogs(HomeLayout layout, MetadataStore metadata) {
        this.layout = layout;
        this.metadata = metadata;
    }

    /** One attempt's log file. */
    public record LogFile(String step, int matrixIndex, int attempt, Path path) {

        /** The prefix of its lines, e.g. {@code train[2]#1}. */
        public String label(boolean withIndex) {
            return step + (withIndex ? "[" + matrixIndex + "]" : "") + "#" + attempt;
        }
    }

    /** The log files of a run (or of one of its steps) that exist, in the order attempts began. */
    public List<LogFile> files(String runId, Optional<String> step) {
        RunRecord run = run(runId);
        Set<LogFile> files = new LinkedHashSet<>();
        for (StepRunRecord record : metadata.stepRuns(run.id())) {
            if (step.isPresent() && !step.get().equals(record.stepName())) {
                continue;
            }
            Path path =
                    layout.log(run.id(), record.stepName(), record.matrixIndex(), record.attempt());
            if (Files.exists(path)) {
                files.add(
                        new LogFile(
                                record.stepName(), record.matrixIndex(), record.attempt(), path));
            }
        }
        return List.copyOf(files);
    }

    /** Sends every line logged so far to {@code out}, prefixed with its attempt. */
    public void print(String runId, Optional<String> step, Consumer<String> out) {
        Map<Path, Long> offsets = new HashMap<>();
        drain(runId, step, out, offsets, true);
    }

    /**
     * Sends every line logged so far, then new lines as they are written, until the run reaches a
     * terminal state or the calling thread is interrupted.
     */
    public void follow(String runId, Optional<String> step, Consumer<String> out, Duration poll) {
        Map<Path, Long> offsets = new HashMap<>();
        String id = run(runId).id();
        while (!Thread.currentThread().isInterrupted()) {
            boolean finished = run(id).state().isTerminal();
            drain(id, step, out, offsets, finished);
            if (finished) {
                return;
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void drain(
            String runId,
            Optional<String> step,
            Consumer<String> out,
            Map<Path, Long> offsets,
            boolean toEnd) {
        List<LogFile> files = files(runId, step);
        boolean matrix = files.stream().anyMatch(f -> f.matrixIndex() > 0);
        for (LogFile file : files) {
            String prefix = "[" + file.label(matrix) + "] ";
            long offset = offsets.getOrDefault(file.path(), 0L);
            offsets.put(file.path(), readLines(file.path(), offset, toEnd, prefix, out));
        }
    }

    private static long readLines(
            Path path, long offset, boolean toEnd, String prefix, Consumer<String> out) {
        try (RandomAccessFile in = new RandomAccessFile(path.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return offset;
            }
            in.seek(offset);
            byte[] chunk = new byte[(int) Math.min(length - offset, 64 * 1024 * 1024)];
            in.readFully(chunk);
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    out.accept(
                            prefix + new String(chunk, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (toEnd && start < chunk.length) {
                out.accept(
                        prefix
                                + new String(
                                        chunk,
                                        start,
                                        chunk.length - start,
                                        StandardCharsets.UTF_8));
                start = chunk.length;
            }
            return offset + start;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read log " + path, e);
        }
    }

    private RunRecord run(String runId) {
        return metadata.findRun(runId)
                .orElseThrow(
                        () ->
                                new dev.ferry.api.FerryException(
                                        "no run '" + runId + "' (list runs with: ferry runs)"));
    }
}

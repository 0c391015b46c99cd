package dev.ferry.core.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A step's log file, opened (in append mode) only once the step writes its first line. */
final class LazyLog implements AutoCloseable {
    private final Path file;
    private Writer writer;

    LazyLog(Path file) {
        this.file = file;
    }

    synchronized void line(String text) {
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer =
                        Files.newBufferedWriter(
                                file,
                                StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND);
            }
            writer.write(text);
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close log " + file, e);
            }
        }
    }
}

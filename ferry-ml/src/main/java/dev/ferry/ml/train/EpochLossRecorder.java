package dev.ferry.ml.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hears Tribuo's SGD trainers report their average loss (they log it once per logging interval;
 * Ferry sets the interval to one epoch) and forwards it as it happens. Only records from the
 * training thread count, so parallel trainings in one JVM stay apart.
 */
final class EpochLossRecorder extends Handler implements AutoCloseable {
    private static final Pattern LOSS = Pattern.compile("At iteration \\d+, average loss = (\\S+)");
    private static final String SGD_LOGGER = "org.tribuo.common.sgd.AbstractSGDTrainer";

    private final Logger logger = Logger.getLogger(SGD_LOGGER);
    private final long thread = Thread.currentThread().threadId();
    private final DoubleConsumer sink;
    private final List<Double> losses = new ArrayList<>();

    EpochLossRecorder(DoubleConsumer sink) {
        this.sink = sink;
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLongThreadID() != thread || record.getMessage() == null) {
            return;
        }
        Matcher m = LOSS.matcher(record.getMessage());
        if (m.matches()) {
            // Tribuo's objectives report the negated loss (a log-likelihood for LogMulticlass)
            double loss = -Double.parseDouble(m.group(1));
            losses.add(loss);
            sink.accept(loss);
        }
    }

    /** The losses heard so far, one per epoch. */
    List<Double> losses() {
        return List.copyOf(losses);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}

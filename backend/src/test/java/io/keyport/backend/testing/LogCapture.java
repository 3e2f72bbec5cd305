package io.keyport.backend.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the log records of the in-process test server (root logger) while it is installed. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    /** The access log, captured here only (the test logging configuration turns it off). */
    private final Logger access = Logger.getLogger("keyport.access");

    private Level accessLevel;
    private boolean accessParents;

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(capture);
        capture.accessLevel = capture.access.getLevel();
        capture.accessParents = capture.access.getUseParentHandlers();
        capture.access.setUseParentHandlers(false);
        capture.access.setLevel(Level.INFO);
        capture.access.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    public void clear() {
        records.clear();
    }

    /** Records at SEVERE, or at WARNING and above that carry a stack trace: the ones an operator must not be flooded with. */
    public List<String> alarming() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()
                        || (r.getLevel().intValue() >= Level.WARNING.intValue() && r.getThrown() != null))
                .map(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                        + (r.getThrown() == null ? "" : " (" + r.getThrown() + ")"))
                .toList();
    }

    /** Access-log lines that recorded a 5xx answer. */
    public List<String> serverErrors() {
        return records.stream()
                .filter(r -> "keyport.access".equals(r.getLoggerName()))
                .map(LogRecord::getMessage)
                .filter(m -> m.matches(".*\" 5\\d\\d .*"))
                .toList();
    }

    /** The messages {@code logger} recorded at {@code level} or above. */
    public List<String> messages(String logger, Level level) {
        return records.stream()
                .filter(r -> logger.equals(r.getLoggerName()) && r.getLevel().intValue() >= level.intValue())
                .map(LogRecord::getMessage)
                .toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        access.removeHandler(this);
        access.setLevel(accessLevel);
        access.setUseParentHandlers(accessParents);
    }
}

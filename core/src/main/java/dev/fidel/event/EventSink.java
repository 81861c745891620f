package dev.fidel.event;

/**
 * Where the core reports what it does. The Maven plugin maps it onto Maven's log; tests collect it.
 * The core never prints to the console itself.
 */
public interface EventSink {

    void info(String message);

    void warn(String message);

    /** A long task's progress: {@code done} of {@code total} units (total 0 when unknown). */
    default void progress(String task, long done, long total, String detail) {
        info(Progress.line(task, done, total, detail));
    }

    EventSink NONE = new EventSink() {
        @Override
        public void info(String message) {
        }

        @Override
        public void warn(String message) {
        }

        @Override
        public void progress(String task, long done, long total, String detail) {
        }
    };
}

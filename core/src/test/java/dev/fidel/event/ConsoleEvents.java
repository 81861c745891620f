package dev.fidel.event;

/** Events printed to standard output (warnings prefixed {@code WARN}): what the bench and experiment programs log to. */
public final class ConsoleEvents {

    public static final EventSink CONSOLE = new EventSink() {
        @Override
        public void info(String message) {
            System.out.println(message);
        }

        @Override
        public void warn(String message) {
            System.out.println("WARN " + message);
        }
    };

    private ConsoleEvents() {
    }
}

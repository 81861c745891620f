package dev.fidel.event;

import java.util.List;

/** For tests: an {@link EventSink} that appends every info and warning line to a list. */
public final class CollectedEvents {

    private CollectedEvents() {}

    public static EventSink into(List<String> log) {
        return new EventSink() {
            @Override
            public void info(String message) {
                log.add(message);
            }

            @Override
            public void warn(String message) {
                log.add(message);
            }
        };
    }
}

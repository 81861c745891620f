package dev.fidel.checkpoint;

import dev.fidel.event.EventSink;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link CheckpointStoreTest}: saves step 100, then starts step 200 and, once
 * its weights are on the disk, says {@code WRITING} and waits to be killed (kill -9) mid-checkpoint.
 */
public final class CheckpointCrash {

    private CheckpointCrash() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        CheckpointStore.open(dir, 3, EventSink.NONE).save(Fixtures.checkpoint(100));
        EventSink stall = new EventSink() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }

            @Override
            public void progress(String task, long done, long total, String detail) {
                System.out.println("WRITING " + detail);
                System.out.flush();
                try {
                    Thread.sleep(120_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CheckpointStore.open(dir, 3, stall).save(Fixtures.checkpoint(200));
    }
}

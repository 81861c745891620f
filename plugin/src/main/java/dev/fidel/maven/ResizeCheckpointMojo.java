package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.peer.CheckpointResize;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Resizes a peer model's checkpoint (XTTS v2 {@code model.pth} or IndexTTS2 {@code gpt.pth}) to the tokenizer
 * train-vocab extended with {@code <baseTokenizer>}: the text embedding and text head grow by token string,
 * every base row kept at its id. Writes a complete model folder in the peer's own layout (checkpoint,
 * {@code .safetensors} twin, tokenizer, config) and {@code resize.json}. The base checkpoint is read as data:
 * nothing in its pickle is imported or run.
 *
 * <p>Bound to {@code process-classes}: after train-vocab ({@code process-resources}) has written the extended
 * tokenizer, and before anything trains or tests on the resized model.
 */
@Mojo(name = "resize-checkpoint", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class ResizeCheckpointMojo extends AbstractFidelMojo {

    /** The peer's checkpoint: XTTS v2 {@code model.pth} or IndexTTS2 {@code gpt.pth} (a torch zip checkpoint). */
    @Parameter(property = FidelProperties.RESIZE_BASE_CHECKPOINT)
    private File baseCheckpoint;

    /** The tokenizer the checkpoint was trained with: XTTS {@code vocab.json} or IndexTTS2 {@code bpe.model}. */
    @Parameter(property = FidelProperties.RESIZE_BASE_TOKENIZER)
    private File baseTokenizer;

    /**
     * The extended tokenizer: a file, or the folder train-vocab wrote it to (the file of {@code <baseTokenizer>}'s name
     * in it).
     */
    @Parameter(property = FidelProperties.RESIZE_TOKENIZER, defaultValue = "${project.build.directory}/fidel/vocabulary")
    private File tokenizer;

    /** The peer's config: XTTS {@code config.json} or IndexTTS2 {@code config.yaml}. */
    @Parameter(property = FidelProperties.RESIZE_BASE_CONFIG)
    private File baseConfig;

    /** The model folder to write, in the peer's own layout. */
    @Parameter(property = FidelProperties.RESIZE_OUTPUT, defaultValue = "${project.build.directory}/fidel/peer-model")
    private File outputDirectory;

    @Override
    protected void run(EventSink events) throws FidelException {
        new CheckpointResize(events).run(request());
    }

    /** The parameters as the core's request; the three peer files are required. */
    CheckpointResize.Request request() throws FidelException {
        require(baseCheckpoint, "baseCheckpoint", FidelProperties.RESIZE_BASE_CHECKPOINT, "the peer's model.pth or gpt.pth");
        require(baseTokenizer, "baseTokenizer", FidelProperties.RESIZE_BASE_TOKENIZER, "the peer's vocab.json or bpe.model");
        require(baseConfig, "baseConfig", FidelProperties.RESIZE_BASE_CONFIG, "the peer's config.json or config.yaml");
        return new CheckpointResize.Request(baseCheckpoint.toPath(), baseTokenizer.toPath(), tokenizer.toPath(), baseConfig.toPath(),
                outputDirectory.toPath(), configuredProfile(), force);
    }

    private static void require(File value, String element, String property, String what) throws FidelException {
        if (value == null) {
            throw new FidelException("<" + element + "> is not set: name " + what + " (or -D" + property + "=...)", element, null);
        }
    }

    @Override
    protected String goal() {
        return "resize-checkpoint";
    }
}

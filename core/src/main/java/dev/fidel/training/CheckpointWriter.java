package dev.fidel.training;

import dev.fidel.FidelException;
import dev.fidel.checkpoint.CheckpointCheck;
import dev.fidel.checkpoint.CheckpointInfo;
import dev.fidel.checkpoint.CheckpointStore;
import dev.fidel.checkpoint.DjlTensors;
import dev.fidel.checkpoint.SafeTensors;
import dev.fidel.event.EventSink;
import dev.fidel.model.LoraAdapters;
import dev.fidel.tts.TrainingState;
import dev.fidel.tts.TtsCheckpoint;
import dev.fidel.tts.TtsCheckpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The run's checkpoints: one at every evaluation point and at the end ({@link TtsCheckpoints}, with the
 * {@link TrainingState} to resume from), LoRA adapters merged into the weights; and the way back in, {@link #restore}.
 */
final class CheckpointWriter implements TrainingListener {

    private final CheckpointStore store;
    private final TrainingSetup setup;
    private final CheckpointInfo.Training training;
    private final String run;
    private double startCe;
    private Path last;

    /**
     * @param training the provenance every checkpoint records
     * @param run the run's identity
     * @param start the state the run starts from ({@link TrainingState#startValidationCodeCe()} NaN for a new run: the first
     *     validation then gives it)
     * @param lastGood the checkpoint the run resumes from, or null
     */
    CheckpointWriter(CheckpointStore store, TrainingSetup setup, CheckpointInfo.Training training, String run, TrainingState start,
            Path lastGood) {
        this.store = store;
        this.setup = setup;
        this.training = training;
        this.run = run;
        this.startCe = start.startValidationCodeCe();
        this.last = lastGood;
    }

    /** The last checkpoint written (or resumed from), or null. */
    Path last() {
        return last;
    }

    @Override
    public void onValidation(TrainingEvents.Validation validation) {
        if (Double.isNaN(startCe)) {
            startCe = validation.codeCe();   // a new run's first validation is its starting point
        }
    }

    @Override
    public void onEvaluated(TrainingEvents.Position at, boolean lastOne) throws IOException, FidelException {
        TrainingState state = new TrainingState(run, at.step(), at.epoch(), at.batch(), startCe);
        TtsTrainer trainer = setup.trainer();
        SafeTensors optimizer = new SafeTensors(DjlTensors.of(trainer.state()));
        LoraAdapters lora = setup.lora();
        if (lora == null) {
            TtsCheckpoints.save(store, at.step(), setup.model(), setup.vocabulary(), setup.profile(), setup.codec(), training, optimizer,
                    state);
        } else {
            TtsCheckpoints.save(store, at.step(), setup.model().config(), LoraState.mergedWeights(setup.model(), lora), setup.vocabulary(),
                    setup.profile(), setup.codec(), training, LoraState.withAdapters(optimizer.tensors(), lora), state);
        }
        last = store.directory().resolve(CheckpointStore.folderName(at.step()));
    }

    /**
     * Puts the state of checkpoint {@code latest} back: the weights (or LoRA adapters), the optimizer and weight average,
     * and drops the metrics lines written after it.
     */
    static TrainingState restore(Path latest, TrainingSetup setup, MetricsLog metrics, EventSink events)
            throws IOException, FidelException {
        String source = "checkpoint " + latest;
        try (TtsCheckpoint resume = TtsCheckpoints.load(latest, "outputDirectory", CheckpointCheck.none(), events)) {
            if (setup.lora() == null) {
                DjlTensors.load(DjlTensors.weights(resume.model().getParameters()), setup.model().getParameters(), source);
            } else {
                LoraState.restore(setup.lora(), resume.optimizer(), source);
            }
            TrainingState state = resume.trainingState();
            if (state == null) {
                throw new FidelException(source + " holds no training state (state.json: trainer with step, epoch and batch): it was "
                        + "not written by finetune; point <outputDirectory> at a folder of its own", "outputDirectory", null);
            }
            Map<String, float[]> tensors = new HashMap<>();
            resume.optimizer().tensors().forEach((k, v) -> tensors.put(k, v.floats()));
            setup.trainer().restore(tensors, state.step(), source);
            metrics.dropAfter(state.step(), events);
            events.info("resuming from " + latest.getFileName() + ": step " + state.step() + ", epoch " + state.epoch()
                    + ", learning rate " + String.format("%.3g", setup.schedule().at(state.step())));
            return state;
        }
    }
}

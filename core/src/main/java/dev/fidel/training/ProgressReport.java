package dev.fidel.training;

import dev.fidel.event.EventSink;
import java.nio.file.Path;
import java.util.List;

/** What the user sees while finetune runs: progress with throughput and ETA, validation losses, milestones, skipped steps. */
final class ProgressReport implements TrainingListener {

    private final EventSink events;
    private final List<Integer> milestones;
    private final LearningRateSchedule schedule;
    private final Path metrics;

    ProgressReport(EventSink events, List<Integer> milestones, LearningRateSchedule schedule, Path metrics) {
        this.events = events;
        this.milestones = milestones;
        this.schedule = schedule;
        this.metrics = metrics;
    }

    @Override
    public void onSkipped(TtsTrainer.StepResult s) {
        events.warn("step " + s.step() + ": non-finite loss or gradient (loss " + s.loss() + "), skipped");
    }

    @Override
    public void onStep(TtsTrainer.StepResult s, int epoch) {
        if (milestones.contains(s.step())) {
            events.info(String.format("milestone step %d reached (epoch %d): learning rate %.3g -> %.3g", s.step(), epoch,
                    schedule.at(s.step() - 1), s.learningRate()));
        }
    }

    @Override
    public void onInterval(TrainingEvents.Interval i) {
        String detail = String.format("steps: code CE %.3f, text CE %.3f, lr %.3g, %.0f code tokens/s, ETA %s", i.trainCodeCe(),
                i.trainTextCe(), i.learningRate(), i.codeTokensPerSecond(), duration(i.msPerStep() / 1000 * (i.maxSteps() - i.step())));
        events.progress("finetune", i.step(), i.maxSteps(), detail);
    }

    @Override
    public void onValidation(TrainingEvents.Validation v) {
        events.info(String.format("validation at step %d: code CE %.4f, text CE %.4f", v.step(), v.codeCe(), v.textCe()));
    }

    @Override
    public void onEnd(TrainingEvents.Summary s) {
        events.info(String.format("finetune: %d steps (%d in this run, %.2f steps/s, %.0f code tokens/s); validation code CE "
                + "%.4f -> %.4f (%.1f%% better); metrics in %s", s.steps(), s.stepsThisRun(), s.stepsPerSecond(),
                s.codeTokensPerSecond(), s.startValidationCodeCe(), s.endValidationCodeCe(),
                100 * (s.startValidationCodeCe() - s.endValidationCodeCe()) / s.startValidationCodeCe(), metrics));
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}

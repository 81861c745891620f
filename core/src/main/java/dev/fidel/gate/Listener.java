package dev.fidel.gate;

import dev.fidel.FidelException;
import dev.fidel.audio.MelConfig;
import dev.fidel.event.EventSink;
import dev.fidel.metrics.ErrorRates;
import dev.fidel.recognition.CtcTrainingReport;
import dev.fidel.recognition.Recognizer;
import dev.fidel.recognition.RecognizerCache;
import dev.fidel.recognition.whisper.WhisperRecognizer;
import dev.fidel.recognition.whisper.WhisperSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The recognizer the gate listens with, and its figure on real speech: the built-in one (from its cache, with the
 * held-out figure measured when it was trained) or Whisper (measured on the real test recordings now). Before any
 * synthesis is judged, {@link #requireFit} refuses a listener that cannot read real speech.
 */
final class Listener implements AutoCloseable {

    private final GateRequest.Listening settings;
    private final Recognizer recognizer;
    private final RecognizerCache.Result<RealSpeechScoring.HeldOut> builtIn;

    private Listener(GateRequest.Listening settings, Recognizer recognizer, RecognizerCache.Result<RealSpeechScoring.HeldOut> builtIn) {
        this.settings = settings;
        this.recognizer = recognizer;
        this.builtIn = builtIn;
    }

    static Listener open(GateRequest.Listening settings, Path data, MelConfig mel, String normalizerSha256, ErrorRates rates,
            boolean force, EventSink events) throws FidelException {
        if (settings.recognizer() == GateRequest.RecognizerKind.WHISPER) {
            return new Listener(settings, WhisperRecognizer.open(WhisperSettings.of(settings.whisperModel())), null);
        }
        RealSpeechScoring scoring = new RealSpeechScoring(rates, settings.builtIn().training().tempo(), events);
        RecognizerCache.Result<RealSpeechScoring.HeldOut> result = new RecognizerCache(settings.recognizerDirectory(), events)
                .obtain(data, mel, normalizerSha256, scoring, scoring, settings.builtIn(), settings.maxRecognizerCer(), force);
        return new Listener(settings, result.recognizer(), result);
    }

    Recognizer recognizer() {
        return recognizer;
    }

    /** The recognizer's name for the report. */
    String name() {
        return settings.recognizer() == GateRequest.RecognizerKind.WHISPER ? "whisper " + settings.whisperModel()
                : "builtin " + settings.recognizerDirectory();
    }

    /** Its figures on real speech: the built-in one's held-out figure, Whisper's on {@code real} (null when there is none). */
    Figures onReal(RoundTrip roundTrip, List<Recording> real, int sampleRate) throws FidelException {
        if (builtIn != null) {
            return builtIn.heldOut().figures();
        }
        return real.isEmpty() ? null : roundTrip.score(real, s -> s, sampleRate);
    }

    /** Stops the build, naming the recognizer, its real-speech CER and the remedy, when it is above {@code maxRecognizerCer}. */
    void requireFit(Figures onReal) throws FidelException {
        if (builtIn == null) {
            ListenerCheck.require("Whisper (" + settings.whisperModel() + ")", onReal, settings.maxRecognizerCer(),
                    "a larger or Amharic-tuned <whisperModel>, or <recognizer>builtin</recognizer>; raise <maxRecognizerCer> only "
                            + "if you accept a poorer listener", "whisperModel");
            return;
        }
        CtcTrainingReport t = builtIn.training();
        int planned = settings.builtIn().training().maxSteps();
        String who = String.format(Locale.ROOT, "the built-in recognizer (%s, trained %d of %d steps%s)",
                settings.recognizerDirectory(), t.steps(), planned, t.stoppedByTimeLimit() ? ", CUT SHORT by the time limit" : "");
        String remedy = t.stoppedByTimeLimit()
                ? String.format(Locale.ROOT, "raise <recognizerSeconds> (-Dfidel.recognizer.seconds, now %.0f s) so that all %d steps "
                        + "run on this machine", settings.builtIn().training().maxSeconds(), planned)
                : String.format(Locale.ROOT, "train it longer (<recognizerSteps>, -Dfidel.recognizer.steps, now %d), on more "
                        + "recordings, or listen with another recognizer (<recognizer>whisper</recognizer>); raise <maxRecognizerCer> "
                        + "only if you accept a poorer listener", planned);
        ListenerCheck.require(who, onReal, settings.maxRecognizerCer(), remedy,
                t.stoppedByTimeLimit() ? "recognizerSeconds" : "recognizerSteps");
    }

    @Override
    public void close() {
        recognizer.close();
    }
}

package dev.fidel.recognition.whisper;

import dev.fidel.FidelException;

/**
 * A {@link FidelException} from Whisper carried through {@link dev.fidel.recognition.Recognizer}'s
 * unchecked methods. Callers that can throw checked exceptions should unwrap it with
 * {@link #fidelException()} (or call {@link WhisperRecognizer#transcribeClips} directly).
 */
public final class WhisperFailure extends IllegalStateException {

    public WhisperFailure(FidelException cause) {
        super(cause.getMessage(), cause);
    }

    public FidelException fidelException() {
        return (FidelException) getCause();
    }
}

/**
 * Whisper as a second {@link dev.fidel.recognition.Recognizer}: whisper.cpp 1.7.1 through whisper-jni,
 * a user-supplied ggml model file (setting {@code whisperModel}), language {@code am}.
 *
 * <p>whisper.cpp trusts its model file, and native code that fails takes its process with it
 * (measured with whisper-jni 1.7.1: a tensor with 1,000 dimensions gives SIGSEGV in the loader; a
 * vocabulary without the blank token aborts with {@code std::out_of_range} on the first decode). Two
 * guards keep the build's JVM alive:
 *
 * <ol>
 *   <li>{@link dev.fidel.recognition.whisper.GgmlModelFile} walks the whole file in Java first;
 *   <li>{@link dev.fidel.recognition.whisper.WhisperProcess} runs all native work in a child JVM and
 *       turns its death into a {@link dev.fidel.FidelException} with the exit status, whisper's last
 *       error lines and the crash report's failing frame.
 * </ol>
 *
 * Whisper computes its own features from audio: {@link dev.fidel.recognition.Recognizer#transcribe}
 * resamples the clips to 16 kHz and runs one child process and one model load per batch.
 */
package dev.fidel.recognition.whisper;

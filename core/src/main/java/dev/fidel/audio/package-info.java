/**
 * Audio in and out: decoding any file through FFmpeg ({@link dev.fidel.audio.AudioDecoder}), the one in-memory resampler ({@link dev.fidel.audio.Resampler}), mel spectrograms and WAV headers.
 */
package dev.fidel.audio;

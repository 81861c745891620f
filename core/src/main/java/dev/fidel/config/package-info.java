/**
 * How a TTS model is trained, typed: {@link dev.fidel.config.TrainingConfig} and its parts ({@code ModelPreset},
 * {@code Optimizer}, {@code Schedule}, the sealed {@code Adaptation}, {@code LossWeights}, {@code Run},
 * {@code ComputeDevice}). The finetune request carries it, training reads it, and every checkpoint records it; it sits
 * below {@code checkpoint} so that the checkpoint's own record, and synthesis and the gate reading a checkpoint, hold it
 * typed without importing {@code training}.
 */
package dev.fidel.config;

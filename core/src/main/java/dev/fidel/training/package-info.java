/**
 * The {@code finetune} service: {@link dev.fidel.training.Finetune} builds a run ({@code TrainingSetup}), runs {@code TrainingLoop} (steps and typed events, no logging or files) and lets listeners write metrics, progress, checkpoints and charts; {@code TrainingConfig} holds the settings typed, {@code FinetuneSettings} says which part of a rerun changed.
 */
package dev.fidel.training;

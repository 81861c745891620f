/**
 * The network's layers: the GPT-style speech model ({@link dev.fidel.model.SpeechGpt}), its blocks, the KV cache for generation, the loss and LoRA adapters. The model as users meet it (a checkpoint) is {@code dev.fidel.tts}.
 */
package dev.fidel.model;

/**
 * Checkpoints that carry their identity, and loading that refuses what does not match.
 *
 * <p>A checkpoint is a folder {@code step-000400/} of a {@link dev.fidel.checkpoint.CheckpointStore}:
 * {@code weights.safetensors} (the model's parameters), {@code optimizer.safetensors} and
 * {@code state.json} (to resume), and {@code checkpoint.json} ({@link dev.fidel.checkpoint.CheckpointInfo}:
 * format version, model configuration, position table sizes, the embedded vocabulary, the
 * normalizer profile, the codec, the training provenance, each file's size and SHA-256). Tensors
 * are stored as safetensors ({@link dev.fidel.checkpoint.SafeTensors}), never as Java serialization
 * or Python pickle: a checkpoint is data that cannot run code.
 *
 * <p>How the other parts plug in, without this package depending on them:
 * <ul>
 * <li>the model gives its configuration as a JSON tree ({@code Json.MAPPER.valueToTree(config)}),
 * its position table sizes ({@code Map.of("text", maxText, "code", maxCode)}) and its parameters
 * ({@link dev.fidel.checkpoint.DjlTensors#weights}); it loads them back with
 * {@link dev.fidel.checkpoint.DjlTensors#load}, which refuses weights of another shape;</li>
 * <li>the trainer gives its optimizer's arrays ({@link dev.fidel.checkpoint.DjlTensors#of(java.util.Map)}),
 * its scheduler and RNG state as a JSON tree, and its provenance
 * ({@link dev.fidel.checkpoint.CheckpointInfo.Training#of});</li>
 * <li>the vocabulary gives its identity, size and {@code .model} bytes
 * ({@link dev.fidel.checkpoint.CheckpointInfo.Vocabulary}), and its tokenizer as a
 * {@link dev.fidel.checkpoint.PieceSplitter} for {@link dev.fidel.checkpoint.EmbeddingResizer};</li>
 * <li>the codec gives its kind and SHA-256 ({@link dev.fidel.checkpoint.CheckpointInfo.Codec}).</li>
 * </ul>
 *
 * <p>Loading: {@link dev.fidel.checkpoint.CheckpointStore#resolve} (a folder of checkpoints or one
 * checkpoint), {@link dev.fidel.checkpoint.CheckpointReader#open} (format version, files present and
 * complete), then {@link dev.fidel.checkpoint.CheckpointReader#load} with a
 * {@link dev.fidel.checkpoint.CheckpointCheck} (vocabulary, normalizer profile under a
 * {@link dev.fidel.checkpoint.NormalizerDrift} policy, codec, position tables).
 */
package dev.fidel.checkpoint;

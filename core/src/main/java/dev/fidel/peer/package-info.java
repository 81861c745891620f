/**
 * Bring your own model: a peer's (XTTS v2, IndexTTS2) tokenizer and checkpoint, extended for Amharic.
 *
 * <ul>
 * <li>The tokenizer: {@link dev.fidel.peer.PeerTokenizer} is the view both halves share;
 * {@link dev.fidel.peer.PeerTokenizers#read} reads a {@code vocab.json} or {@code bpe.model}, and
 * {@link dev.fidel.peer.TokenizerExtension} (train-vocab with {@code <baseTokenizer>}) extends it append-only.</li>
 * <li>The checkpoint: {@link dev.fidel.peer.TorchCheckpoint} reads a {@code torch.save} zip without executing
 * it ({@link dev.fidel.peer.RestrictedUnpickler}: torch's weights-only globals by name, code runners refused,
 * anything else an inert placeholder that is reported and dropped), tensors streamed from the file;
 * {@link dev.fidel.peer.PthWriter} writes a {@code .pth} that {@code torch.load(weights_only=True)} loads on
 * torch 1.13 and newer; {@link dev.fidel.peer.CheckpointResize} (resize-checkpoint) grows the text rows by
 * token string ({@link dev.fidel.peer.TextRows}, {@link dev.fidel.peer.Romanization}) under each
 * {@link dev.fidel.peer.PeerModel}'s own rule and records what it did in {@link dev.fidel.peer.ResizeRecord}.</li>
 * </ul>
 */
package dev.fidel.peer;

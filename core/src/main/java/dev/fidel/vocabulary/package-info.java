/**
 * The vocabulary: SentencePiece BPE training in Java, the {@code .model} file, and the one tokenization
 * path.
 *
 * <h2>Pieces</h2>
 * {@link dev.fidel.vocabulary.BpeTrainer} learns pieces with SentencePiece's BPE rules (words start with
 * {@code ▁}; alphabet by character coverage plus required characters; most frequent pair first, ties to
 * the shorter then smaller piece; no piece mixes scripts or has {@code ▁} after its start; runs of equal
 * symbols count once per pair). {@link dev.fidel.vocabulary.SentencePieceModel} writes the result as a
 * standard {@code ModelProto} that the SentencePiece library (DJL's JNI, Python's sentencepiece,
 * {@code spm_encode}) loads. Layout: {@code <unk>=0 <s>=1 </s>=2}, user-defined symbols, the 256 byte
 * pieces, merges in order (score {@code -rank}), then the alphabet by frequency.
 *
 * <h2>The model's normalizer</h2>
 * {@code normalizer_spec}: name {@code identity} (no character map), {@code add_dummy_prefix=true} (a
 * word at the start of a text gets the same pieces as inside it, as in training),
 * {@code remove_extra_whitespaces=false} and {@code escape_whitespaces=true}. The
 * {@link dev.fidel.text.AmharicNormalizer} is the only normalization; the model changes no text, so
 * {@code decode(encode(x)) == normalize(x)}.
 *
 * <h2>Identity</h2>
 * SHA-256 over the ordered pieces, one {@code type<TAB>text} line each (scores and trainer options left
 * out). {@code vocabulary.json} carries it with the size, model type, special ids and the normalizer
 * profile hash; {@link dev.fidel.vocabulary.Vocabulary#load} refuses a model whose pieces do not match
 * or a profile that differs.
 *
 * <h2>Against the reference (measured 2026-11-22)</h2>
 * <ul>
 * <li>1,000 pieces on 8,937 CLDR lines ({@code SpmReferenceTest}): same pieces at the same ids as
 * {@code spm_train} 0.1.97 (1000/1000), held-out lines segmented identically 993/993; Python's
 * sentencepiece encodes 994/994 held-out lines to our ids.
 * <li>8,000 pieces on the whole shared corpus (24,812 lines, {@code VocabularyBench}): inventory overlap
 * 7,995/8,000, same piece at the same id 6,713 (the merge order drifts after merge 829, where
 * {@code spm_train} counts one pair lower than we do), lines segmented identically 24,805/24,812;
 * {@code Vocabulary.encode} ids equal {@code spm_encode}'s on 24,812/24,812 lines.
 * </ul>
 *
 * <h2>DJL traps</h2>
 * {@code SpVocabulary.size()} throws and an id past the end aborts the JVM: sizes and pieces come from
 * the parsed model, and ids are checked before they reach native code. {@code SpProcessor.decode} garbles characters outside the Basic Multilingual Plane (a 4-byte UTF-8 sequence
 * comes back as one Latin-1 character), so {@link dev.fidel.vocabulary.Vocabulary#decode} decodes in
 * Java from the pieces. {@code encode} is correct for all characters.
 */
package dev.fidel.vocabulary;

package dev.fidel.maven;

import dev.fidel.FidelException;
import dev.fidel.event.EventSink;
import dev.fidel.peer.TokenizerExtension;
import dev.fidel.text.Ethiopic;
import dev.fidel.vocabulary.TrainerOptions;
import dev.fidel.vocabulary.VocabularyTraining;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Trains the SentencePiece BPE vocabulary on the prepared manifests (or text files), or extends a base
 * vocabulary, and writes {@code vocabulary.model} and {@code vocabulary.json}; or, with {@code <baseTokenizer>},
 * extends a peer model's tokenizer (XTTS {@code vocab.json}, IndexTTS2 {@code bpe.model}) and writes it under
 * its own name with {@code extension.json}. Skipped when the text and settings have not changed.
 */
@Mojo(name = "train-vocab", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class TrainVocabMojo extends AbstractFidelMojo {

    /**
     * {@code <vocab><size>}: pieces in the vocabulary ({@code -Dfidel.vocab.size}); {@code <vocab><maxPieceLength>}:
     * the longest piece in characters (1: a character vocabulary, for small corpora).
     */
    @Parameter
    private Vocab vocab;

    /** Share of the text's characters the alphabet must cover; rarer ones fall back to bytes. */
    @Parameter(property = FidelProperties.VOCAB_CHARACTER_COVERAGE, defaultValue = "0.9999")
    private double characterCoverage;

    /** Puts every Ethiopic letter, numeral and punctuation mark in the vocabulary, seen or not. */
    @Parameter(property = FidelProperties.VOCAB_REQUIRE_ETHIOPIC, defaultValue = "true")
    private boolean requireEthiopic;

    /** More characters that must be in the vocabulary. */
    @Parameter
    private String requiredCharacters;

    /** Adds the 256 byte pieces, so no character is ever unknown. */
    @Parameter(defaultValue = "true")
    private boolean byteFallback;

    /** Pieces that are always one token (e.g. {@code <laugh>}). */
    @Parameter
    private List<String> userDefinedSymbols;

    /** A base {@code .model} (BPE or unigram) to extend: its pieces keep their ids, new ones are appended. */
    @Parameter(property = FidelProperties.VOCAB_BASE)
    private File baseVocabulary;

    /**
     * A peer model's tokenizer to extend instead of training Fidel's vocabulary: XTTS v2's {@code vocab.json} or
     * IndexTTS2's {@code bpe.model}. Ids are kept, pieces appended; {@code <vocab><size>} is the extended size.
     */
    @Parameter(property = FidelProperties.BASE_TOKENIZER)
    private File baseTokenizer;

    /** Prepared manifests; default {@code target/fidel/data/train.jsonl} (when no {@code <texts>} are given). */
    @Parameter
    private List<File> manifests;

    /** Plain UTF-8 text files, one sentence a line, besides or instead of manifests. */
    @Parameter
    private List<File> texts;

    @Parameter(defaultValue = "${project.build.directory}/fidel/vocabulary")
    private File outputDirectory;

    @Override
    protected void run(EventSink events) throws FidelException {
        TrainerOptions options = options();
        List<Path> textFiles = paths(texts);
        List<Path> manifestFiles = manifests != null ? paths(manifests)
                : textFiles.isEmpty() ? List.of(new File(project.getBuild().getDirectory(), "fidel/data/train.jsonl").toPath())
                : List.of();
        if (baseTokenizer != null) {
            if (baseVocabulary != null) {
                throw new FidelException("<baseTokenizer> (a peer's tokenizer to extend) and <baseVocabulary> (a Fidel "
                        + "vocabulary to extend) are both set: keep one", "baseTokenizer", null);
            }
            new TokenizerExtension(events).run(new TokenizerExtension.Request(manifestFiles, textFiles,
                    outputDirectory.toPath(), options, baseTokenizer.toPath(), configuredProfile(), force));
            return;
        }
        new VocabularyTraining(events).run(new VocabularyTraining.Request(manifestFiles, textFiles,
                outputDirectory.toPath(), options, path(baseVocabulary), configuredProfile(), force));
    }

    /** {@code <vocab>}, {@code <characterCoverage>}, the required characters and symbols as the core's options. */
    TrainerOptions options() throws FidelException {
        int size = vocab != null && vocab.getSize() != null ? vocab.getSize() : sizeProperty();
        int maxPieceLength = vocab != null && vocab.getMaxPieceLength() != null ? vocab.getMaxPieceLength() : 16;
        String required = (requireEthiopic ? Ethiopic.basicBlock() : "") + (requiredCharacters == null ? "" : requiredCharacters);
        try {
            return new TrainerOptions(size, characterCoverage, required, byteFallback, userDefinedSymbols, maxPieceLength);
        } catch (TrainerOptions.Invalid e) {
            throw new FidelException(e.getMessage(), e.setting(), e);
        }
    }

    /** {@code -Dfidel.vocab.size} (a user or project property), when {@code <vocab><size>} is not set; else the default. */
    private int sizeProperty() throws FidelException {
        String v = System.getProperty(FidelProperties.VOCAB_SIZE);
        if (v == null && project != null) {
            v = project.getProperties().getProperty(FidelProperties.VOCAB_SIZE);
        }
        try {
            return v == null ? TrainerOptions.DEFAULT_VOCAB_SIZE : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new FidelException("-D" + FidelProperties.VOCAB_SIZE + "=" + v + " is not a whole number of pieces", TrainerOptions.SIZE, e);
        }
    }

    @Override
    String property(String element) {
        return TrainerOptions.SIZE.equals(element) ? FidelProperties.VOCAB_SIZE : super.property(element);
    }

    @Override
    protected String goal() {
        return "train-vocab";
    }
}

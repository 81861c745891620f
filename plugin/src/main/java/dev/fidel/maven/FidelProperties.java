package dev.fidel.maven;

/**
 * Every {@code -Dfidel.*} user property, in one place. Names mirror the XML elements:
 * {@code -Dfidel.vocab.size} is {@code <vocab><size>}.
 */
public final class FidelProperties {

    public static final String SKIP = "fidel.skip";
    public static final String FORCE = "fidel.force";

    // train-vocab: <vocab><size>, <characterCoverage>, <requireEthiopic>, <baseVocabulary>
    public static final String VOCAB_SIZE = "fidel.vocab.size";
    public static final String VOCAB_CHARACTER_COVERAGE = "fidel.characterCoverage";
    public static final String VOCAB_REQUIRE_ETHIOPIC = "fidel.requireEthiopic";
    public static final String VOCAB_BASE = "fidel.baseVocabulary";
    // check-coverage: <vocabulary>, <minCoverage>, <maxUnknownRate>
    public static final String VOCABULARY = "fidel.vocabulary";
    public static final String MIN_COVERAGE = "fidel.minCoverage";
    public static final String MAX_UNKNOWN_RATE = "fidel.maxUnknownRate";

    // prepare-data
    public static final String CORPUS = "fidel.corpus";
    public static final String DATA_OUTPUT = "fidel.data.output";
    public static final String SAMPLE_RATE = "fidel.sampleRate";
    public static final String MIN_DURATION = "fidel.minDuration";
    public static final String MAX_DURATION = "fidel.maxDuration";
    public static final String MAX_REJECTED_RATIO = "fidel.maxRejectedRatio";

    // verify-roundtrip: <checkpoint>, <sentences>, <recognizer>, <whisperModel>, <maxCer>, <baseline>, <tolerance>, ...
    public static final String SKIP_TESTS = "skipTests";
    public static final String CHECKPOINT = "fidel.checkpoint";
    public static final String SENTENCES = "fidel.sentences";
    public static final String MAX_SENTENCES = "fidel.maxSentences";
    public static final String RECOGNIZER = "fidel.recognizer";
    public static final String WHISPER_MODEL = "fidel.whisperModel";
    public static final String MAX_CER = "fidel.maxCer";
    public static final String BASELINE = "fidel.baseline";
    public static final String TOLERANCE = "fidel.tolerance";
    public static final String SPEAKER_REFERENCE = "fidel.speakerReference";
    public static final String ROUNDTRIP_OUTPUT = "fidel.roundtrip.output";

    private FidelProperties() {
    }
}

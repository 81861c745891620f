package dev.fidel.maven;

/**
 * Every {@code -Dfidel.*} user property, in one place. Names mirror the XML elements:
 * {@code -Dfidel.vocab.size} is {@code <vocab><size>}.
 */
public final class FidelProperties {

    public static final String SKIP = "fidel.skip";
    public static final String FORCE = "fidel.force";
    // every goal: <normalizerProfile>; verify-roundtrip and finetune: <normalizerDrift>
    public static final String NORMALIZER_PROFILE = "fidel.normalizerProfile";
    public static final String NORMALIZER_DRIFT = "fidel.normalizerDrift";

    // train-vocab: <vocab><size>, <characterCoverage>, <requireEthiopic>, <baseVocabulary>, <baseTokenizer>
    public static final String VOCAB_SIZE = "fidel.vocab.size";
    public static final String VOCAB_CHARACTER_COVERAGE = "fidel.characterCoverage";
    public static final String VOCAB_REQUIRE_ETHIOPIC = "fidel.requireEthiopic";
    public static final String VOCAB_BASE = "fidel.baseVocabulary";
    public static final String BASE_TOKENIZER = "fidel.baseTokenizer";
    // check-coverage: <vocabulary>, <minCoverage>, <maxUnknownRate>
    public static final String VOCABULARY = "fidel.vocabulary";
    public static final String MIN_COVERAGE = "fidel.minCoverage";
    public static final String MAX_UNKNOWN_RATE = "fidel.maxUnknownRate";

    // resize-checkpoint: <baseCheckpoint>, <baseTokenizer>, <tokenizer>, <baseConfig>, <outputDirectory>
    public static final String RESIZE_BASE_CHECKPOINT = "fidel.resize.baseCheckpoint";
    public static final String RESIZE_BASE_TOKENIZER = "fidel.resize.baseTokenizer";
    public static final String RESIZE_TOKENIZER = "fidel.resize.tokenizer";
    public static final String RESIZE_BASE_CONFIG = "fidel.resize.baseConfig";
    public static final String RESIZE_OUTPUT = "fidel.resize.output";

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
    public static final String RECOGNIZER_SECONDS = "fidel.recognizer.seconds";
    public static final String RECOGNIZER_STEPS = "fidel.recognizer.steps";
    public static final String RECOGNIZER_TEMPO = "fidel.recognizer.tempo";
    public static final String MAX_RECOGNIZER_CER = "fidel.maxRecognizerCer";
    public static final String ROUNDTRIP_VOCABULARY = "fidel.roundtrip.vocabulary";
    public static final String WHISPER_MODEL = "fidel.whisperModel";
    public static final String MAX_CER = "fidel.maxCer";
    public static final String BASELINE = "fidel.baseline";
    public static final String TOLERANCE = "fidel.tolerance";
    public static final String SPEAKER_REFERENCE = "fidel.speakerReference";
    public static final String ROUNDTRIP_OUTPUT = "fidel.roundtrip.output";
    public static final String ROUNDTRIP_REPORT_ONLY = "fidel.roundtrip.reportOnly";

    // finetune: <baseCheckpoint>, <device>, <finetune...> hyperparameters mirror their elements
    public static final String BASE_CHECKPOINT = "fidel.baseCheckpoint";
    public static final String DEVICE = "fidel.device";
    public static final String FINETUNE_PRESET = "fidel.finetune.preset";
    public static final String FINETUNE_LEARNING_RATE = "fidel.finetune.learningRate";
    public static final String FINETUNE_WEIGHT_DECAY = "fidel.finetune.weightDecay";
    public static final String FINETUNE_MILESTONES = "fidel.finetune.milestones";
    public static final String FINETUNE_MILESTONE_UNIT = "fidel.finetune.milestoneUnit";
    public static final String FINETUNE_GAMMA = "fidel.finetune.gamma";
    public static final String FINETUNE_WARMUP_STEPS = "fidel.finetune.warmupSteps";
    public static final String FINETUNE_MAX_STEPS = "fidel.finetune.maxSteps";
    public static final String FINETUNE_GRAD_ACCUM_STEPS = "fidel.finetune.gradAccumSteps";
    public static final String FINETUNE_EMA_DECAY = "fidel.finetune.emaDecay";
    public static final String FINETUNE_BATCH_FRAMES = "fidel.finetune.batchFrames";
    public static final String FINETUNE_MODE = "fidel.finetune.mode";
    public static final String FINETUNE_FREEZE_LAYERS = "fidel.finetune.freezeLayers";
    public static final String FINETUNE_FREEZE_CONDITIONING = "fidel.finetune.freezeConditioning";
    public static final String FINETUNE_LORA_RANK = "fidel.finetune.loraRank";
    public static final String FINETUNE_LORA_ALPHA = "fidel.finetune.loraAlpha";
    public static final String FINETUNE_TEXT_LOSS_WEIGHT = "fidel.finetune.textLossWeight";
    public static final String FINETUNE_CODE_LOSS_WEIGHT = "fidel.finetune.codeLossWeight";
    public static final String FINETUNE_CLIP_NORM = "fidel.finetune.clipNorm";
    public static final String FINETUNE_SEED = "fidel.finetune.seed";
    public static final String FINETUNE_CHECKPOINT_EVERY = "fidel.finetune.checkpointEvery";
    public static final String FINETUNE_KEEP = "fidel.finetune.keep";
    public static final String FINETUNE_MIN_IMPROVEMENT = "fidel.finetune.minImprovement";
    public static final String FINETUNE_CODEC = "fidel.finetune.codec";
    public static final String FINETUNE_OUTPUT = "fidel.finetune.output";

    private FidelProperties() {
    }
}

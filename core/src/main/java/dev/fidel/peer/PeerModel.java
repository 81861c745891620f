package dev.fidel.peer;

import dev.fidel.peer.PeerTokenizer.Format;

/**
 * The peer models whose checkpoints Fidel resizes, with each one's own rules, taken from its code:
 * <ul>
 * <li>XTTS v2 (Coqui {@code TTS/tts/layers/xtts/gpt.py}): {@code text_embedding = nn.Embedding(number_text_tokens, d)},
 * {@code text_head = nn.Linear(d, number_text_tokens)}, state dict under {@code 'model'} as
 * {@code gpt.text_embedding.weight}, {@code gpt.text_head.weight}/{@code .bias}; {@code number_text_tokens} is
 * {@code config.json}'s {@code model_args.gpt_number_text_tokens} = the largest id of {@code vocab.json} + 1;
 * the folder {@code Xtts.load_checkpoint} reads holds {@code model.pth}, {@code vocab.json}, {@code config.json};</li>
 * <li>IndexTTS2 ({@code indextts/gpt/model_v2.py} {@code UnifiedVoice}): {@code text_embedding =
 * nn.Embedding(number_text_tokens + 1, d)} and {@code text_head = nn.Linear(d, number_text_tokens + 1)}: one
 * spare row after the {@code bpe.model}'s pieces, never a token; {@code config.yaml}'s {@code gpt.number_text_tokens};
 * {@code gpt.pth} (named by {@code gpt_checkpoint}) is read by {@code load_checkpoint}, which takes
 * {@code checkpoint['model']} when present and the dict itself otherwise.</li>
 * </ul>
 */
public enum PeerModel {
    XTTS_V2("XTTS v2", 0, "model.pth", "vocab.json", "config.json"),
    INDEXTTS2("IndexTTS2", 1, "gpt.pth", "bpe.model", "config.yaml");

    private final String title;
    private final int spareRows;
    private final String checkpointName;
    private final String tokenizerName;
    private final String configName;

    PeerModel(String title, int spareRows, String checkpointName, String tokenizerName, String configName) {
        this.title = title;
        this.spareRows = spareRows;
        this.checkpointName = checkpointName;
        this.tokenizerName = tokenizerName;
        this.configName = configName;
    }

    /** The peer whose tokenizer has this format. */
    public static PeerModel of(Format format) {
        return format == Format.XTTS_VOCAB_JSON ? XTTS_V2 : INDEXTTS2;
    }

    public String title() {
        return title;
    }

    /** Rows after the tokens' rows that are no token (IndexTTS2's one spare row). */
    public int spareRows() {
        return spareRows;
    }

    /** The text rows the model holds for a tokenizer. */
    public int textRows(PeerTokenizer tokenizer) {
        return tokenizer.rows() + spareRows;
    }

    /** The checkpoint's file name where the config does not name it. */
    public String checkpointName() {
        return checkpointName;
    }

    public String tokenizerName() {
        return tokenizerName;
    }

    public String configName() {
        return configName;
    }

    /** The suffixes of the state-dict names of the tensors whose rows are text tokens (the bias may be absent). */
    static final String EMBEDDING = "text_embedding.weight";
    static final String HEAD = "text_head.weight";
    static final String HEAD_BIAS = "text_head.bias";
}

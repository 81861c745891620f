package dev.fidel.synthesis;

import dev.fidel.vocabulary.Segment;
import java.util.List;

/** Raw text to segments of token ids; {@code Vocabulary::segment} is the one used in practice. */
@FunctionalInterface
public interface TextSegmenter {

    List<Segment> segment(String rawText, int maxTokens);
}

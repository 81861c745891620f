package dev.fidel.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeSamplerTest {

    static final float[] LOGITS = {0.1f, 3f, 2.5f, -1f, 2.9f, 0f, 1f, 2.8f};

    @Test
    void temperatureZeroIsGreedy() {
        CodeSampler sampler = new CodeSampler(SamplingSettings.greedy(10), 1);
        for (int i = 0; i < 20; i++) {
            assertEquals(1, sampler.choose(LOGITS, new int[0], 0));
        }
    }

    @Test
    void onlyTheTopKAreEverDrawn() {
        CodeSampler sampler = new CodeSampler(new SamplingSettings(5f, 3, 1f, 1f, 0, 10), 9);
        Set<Integer> drawn = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            drawn.add(sampler.choose(LOGITS, new int[0], 0));
        }
        assertEquals(Set.of(1, 4, 7), drawn, "the three largest logits, all of them reached at a high temperature");
    }

    @Test
    void topPKeepsTheSmallestSufficientSet() {
        float[] logits = {10f, 0f, 0f, 0f};
        CodeSampler sampler = new CodeSampler(new SamplingSettings(1f, 0, 0.5f, 1f, 0, 10), 2);
        for (int i = 0; i < 200; i++) {
            assertEquals(0, sampler.choose(logits, new int[0], 0));
        }
    }

    @Test
    void forbiddenIdsAndRepetitionPenalty() {
        CodeSampler greedy = new CodeSampler(new SamplingSettings(0f, 0, 1f, 2f, 4, 10), 1);
        assertNotEquals(1, greedy.choose(LOGITS, new int[0], 0, 1));
        // 1 was just produced: 3 / 2 = 1.5 falls below 2.9, so 4 wins.
        assertEquals(4, greedy.choose(LOGITS, new int[] {1}, 1));
        // Outside the window it is not penalized.
        assertEquals(1, greedy.choose(LOGITS, new int[] {1, 0, 0, 0, 0}, 5));
    }

    @Test
    void theSameSeedDrawsTheSameSequence() {
        SamplingSettings s = new SamplingSettings(1f, 0, 1f, 1f, 0, 10);
        CodeSampler a = new CodeSampler(s, 77);
        CodeSampler b = new CodeSampler(s, 77);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int x = a.choose(LOGITS, new int[0], 0);
            assertEquals(x, b.choose(LOGITS, new int[0], 0));
            seen.add(x);
        }
        assertTrue(seen.size() > 2);
    }
}

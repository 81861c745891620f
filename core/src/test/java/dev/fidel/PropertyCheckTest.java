package dev.fidel;

import static dev.fidel.PropertyCheck.ANY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sageserpent.americium.java.TrialsFactoring.TrialException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every property test relies on: failures are reported shrunk to the smallest case, checked exceptions fail a case. */
class PropertyCheckTest {

    @Test
    void aFailingStringIsShrunkToTheOneOffendingCharacter() {
        TrialException failure = assertThrows(TrialException.class,
                () -> PropertyCheck.forAll(300, PropertyCheck.stringsOf("abcdefghz", 0, 30), s -> assertFalse(s.contains("z"), s)));
        assertEquals("z", failure.provokingCase());
    }

    @Test
    void aFailingNumberIsShrunkToTheBoundary() {
        TrialException failure = assertThrows(TrialException.class,
                () -> PropertyCheck.forAll(300, ANY.integers(0, 1_000_000), n -> assertTrue(n < 1000)));
        assertEquals(1000, failure.provokingCase());
    }

    @Test
    void aCheckedExceptionFailsTheCaseAndIsKeptAsTheCause() {
        TrialException failure = assertThrows(TrialException.class, () -> PropertyCheck.forAll(50, ANY.integers(0, 10), n -> {
            if (n > 3) {
                throw new java.io.IOException("disk full at " + n);
            }
        }));
        assertEquals(4, failure.provokingCase());
        assertEquals("java.io.IOException: disk full at 4", failure.getCause().getMessage());
    }

    @Test
    void distinctListsHoldNoDuplicatesAndRespectTheirBounds() {
        Set<Integer> sizes = new HashSet<>();
        PropertyCheck.forAll(200, PropertyCheck.distinctLists(ANY.integers(0, 5), 1, 8), list -> {
            assertEquals(list.size(), new HashSet<>(list).size(), list::toString);
            assertTrue(list.size() >= 1 && list.size() <= 6, list::toString);
            sizes.add(list.size());
        });
        assertTrue(sizes.size() >= 4, "sizes drawn: " + sizes);
    }
}

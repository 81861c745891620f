package dev.fidel;

import com.sageserpent.americium.java.Builder;
import com.sageserpent.americium.java.Trials;
import com.sageserpent.americium.java.TrialsApi;
import java.util.ArrayList;
import java.util.List;

/**
 * Property-based tests on Americium (see docs/architecture.md, "Testing"): a property is a plain JUnit
 * {@code @Test} that hands generated cases to {@link #forAll}. A failing case is shrunk by Americium
 * (integrated shrinking: every generator below shrinks towards shorter, smaller cases) and the test fails
 * with the smallest case found and a recipe that replays it.
 *
 * <pre>{@code
 * @Test
 * void spacesAreCollapsed() {
 *     PropertyCheck.forAll(300, PropertyCheck.strings(ANY.characters(), 0, 60), text -> ...);
 * }
 * }</pre>
 */
public final class PropertyCheck {

    /** Americium's generators: {@code integers(lo, hi)}, {@code choose(...)}, {@code alternate(...)}, {@code characters(lo, hi)}. */
    public static final TrialsApi ANY = Trials.api();

    private PropertyCheck() {
    }

    /** A property body; checked exceptions fail the case like assertion errors do. */
    @FunctionalInterface
    public interface Body<T> {
        void check(T value) throws Exception;
    }

    /**
     * Runs {@code body} on up to {@code tries} distinct cases (fewer where the generator has fewer); on the
     * first failure shrinks it and throws Americium's {@code TrialException} naming the smallest failing case.
     */
    public static <T> void forAll(int tries, Trials<T> cases, Body<T> body) {
        cases.withLimit(tries).supplyTo(value -> {
            try {
                body.check(value);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e.toString(), e);
            }
        });
    }

    /**
     * Numbers in {@code min..max} (both non-negative) with every digit count equally likely, so small and huge
     * values are both tried (a uniform draw would almost always give the largest magnitude); shrinks to fewer digits.
     */
    public static Trials<Long> magnitudes(long min, long max) {
        int fewest = Long.toString(min).length();
        int most = Long.toString(max).length();
        return ANY.integers(fewest, most, fewest).flatMap(digits -> {
            long low = Math.max(min, digits == 1 ? 0 : (long) Math.pow(10, digits - 1));
            long high = digits >= 19 ? max : Math.min(max, (long) Math.pow(10, digits) - 1);
            return ANY.longs(low, high, low);
        });
    }

    /** Strings of {@code min..max} characters drawn from {@code characters}; shrinks to shorter strings and smaller characters. */
    public static Trials<String> strings(Trials<Character> characters, int min, int max) {
        return ANY.integers(min, max, min).flatMap(n -> characters.collectionsOfSize(n, Builder::stringBuilder));
    }

    /** Strings of {@code min..max} characters, each one of {@code chars}. */
    public static Trials<String> stringsOf(String chars, int min, int max) {
        List<Character> each = new ArrayList<>();
        chars.chars().forEach(c -> each.add((char) c));
        return strings(ANY.choose(each), min, max);
    }

    /** Lists of {@code min..max} elements; shrinks to shorter lists of smaller elements. */
    public static <T> Trials<List<T>> lists(Trials<T> elements, int min, int max) {
        return ANY.integers(min, max, min).flatMap(n -> elements.immutableListsOfSize(n).map(list -> (List<T>) list));
    }

    /** Lists of {@code min..max} distinct elements (duplicates drawn are dropped, so a list may come out shorter than drawn). */
    public static <T> Trials<List<T>> distinctLists(Trials<T> elements, int min, int max) {
        return lists(elements, min, max).map(list -> list.stream().distinct().toList()).filter(list -> list.size() >= min);
    }
}

package dev.fidel.maven;

import dev.fidel.FidelException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one way a string parameter becomes an enum constant: any case, surrounding spaces ignored; anything else is a
 * {@link FidelException} listing the allowed values and naming the POM element and its {@code -D} property.
 */
final class EnumParameter {

    private EnumParameter() {
    }

    /**
     * @param element the POM element, e.g. {@code recognizer}
     * @param property its {@code -Dfidel.*} property (a {@link FidelProperties} constant), or null when it has none
     */
    static <E extends Enum<E>> E parse(Class<E> type, String value, String element, String property) throws FidelException {
        return parse(type, value, Map.of(), element, property);
    }

    /** As above, also accepting the other names in {@code aliases} (lower case), e.g. {@code cuda} for the GPU. */
    static <E extends Enum<E>> E parse(Class<E> type, String value, Map<String, E> aliases, String element, String property)
            throws FidelException {
        String wanted = value == null ? "" : value.strip();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(wanted)) {
                return constant;
            }
        }
        E alias = aliases.get(wanted.toLowerCase(Locale.ROOT));
        if (alias != null) {
            return alias;
        }
        String allowed = Stream.concat(Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)),
                aliases.keySet().stream().sorted()).collect(Collectors.joining(", "));
        throw new FidelException("<" + element + "> '" + value + "' is not one of " + allowed + " (any case)"
                + (property == null ? "" : "; -D" + property + "=..."), element, null);
    }
}

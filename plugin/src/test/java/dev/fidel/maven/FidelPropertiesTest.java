package dev.fidel.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.junit.jupiter.api.Test;

/**
 * One {@code -D} property per parameter, read from the plugin descriptor Maven uses: within a goal no two parameters share
 * one; across goals a shared property names the same element; every constant in {@link FidelProperties} is some
 * parameter's; and the properties are {@code fidel.*} (bar Surefire's {@code skipTests}).
 */
class FidelPropertiesTest {

    /** Properties that are not a parameter's: read by hand because their element is nested ({@code <vocab><size>}). */
    static final Set<String> NESTED = Set.of(FidelProperties.VOCAB_SIZE);

    /**
     * A pipeline folder one goal writes and another reads under another element name: one property moves it for both
     * ({@code fidel.data.output} is prepare-data's {@code <outputDirectory>} and verify-roundtrip's {@code <data>}).
     */
    static final Set<String> SHARED_FOLDERS = Set.of(FidelProperties.DATA_OUTPUT);

    /** goal -> element -> property, for every parameter of Fidel's goals (not the generated {@code help}) that has one. */
    static Map<String, Map<String, String>> properties() {
        Map<String, Map<String, String>> byGoal = new TreeMap<>();
        for (MojoDescriptor mojo : MojoFixture.descriptor().getMojos()) {
            if (mojo.getGoal().equals("help")) {
                continue;
            }
            Map<String, String> elements = new TreeMap<>();
            for (Parameter p : mojo.getParameters()) {
                String e = p.getExpression();
                if (e != null && e.startsWith("${") && !e.startsWith("${project") && !e.startsWith("${mojoExecution")) {
                    elements.put(p.getName(), e.substring(2, e.length() - 1));
                }
            }
            byGoal.put(mojo.getGoal(), elements);
        }
        return byGoal;
    }

    @Test
    void withinAGoalNoTwoParametersShareAProperty() {
        List<String> shared = new ArrayList<>();
        properties().forEach((goal, elements) -> {
            Map<String, String> seen = new TreeMap<>();
            elements.forEach((element, property) -> {
                String other = seen.put(property, element);
                if (other != null) {
                    shared.add(goal + ": <" + other + "> and <" + element + "> are both -D" + property);
                }
            });
        });
        assertEquals(List.of(), shared);
        assertTrue(properties().get("finetune").size() >= 25, "finetune's parameters are read: " + properties().get("finetune"));
    }

    @Test
    void aPropertySharedAcrossGoalsNamesTheSameElement() {
        Map<String, Set<String>> elementsOf = new TreeMap<>();
        properties().values().forEach(elements -> elements.forEach((element, property) ->
                elementsOf.computeIfAbsent(property, k -> new TreeSet<>()).add(element)));
        List<String> mixed = new ArrayList<>();
        elementsOf.forEach((property, elements) -> {
            if (elements.size() > 1 && !SHARED_FOLDERS.contains(property)) {
                mixed.add("-D" + property + " is " + elements);
            }
        });
        assertEquals(List.of(), mixed);
    }

    @Test
    void everyConstantIsAParametersPropertyAndEveryPropertyIsAConstant() throws IllegalAccessException {
        Set<String> constants = new TreeSet<>();
        for (Field f : FidelProperties.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                constants.add((String) f.get(null));
            }
        }
        Set<String> used = new TreeSet<>(NESTED);
        properties().values().forEach(elements -> used.addAll(elements.values()));
        assertEquals(constants, used);
        for (String p : used) {
            assertTrue(p.startsWith("fidel.") || p.equals(FidelProperties.SKIP_TESTS), p);
        }
    }
}

package dev.fidel.maven;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptorBuilder;
import org.apache.maven.project.MavenProject;

/**
 * A Mojo as Maven would configure it for a project at {@code basedir}, without starting Maven: every parameter set to
 * the default the generated plugin descriptor ({@code META-INF/maven/plugin.xml}, written by maven-plugin-plugin before
 * the tests run) declares, {@code ${project.basedir}} and {@code ${project.build.directory}} resolved, and the
 * descriptor attached as the {@code mojoExecution}, so error messages find each element's {@code -D} property.
 */
final class MojoFixture {

    private MojoFixture() {
    }

    /** The plugin descriptor Maven reads. */
    static PluginDescriptor descriptor() {
        try (InputStream in = MojoFixture.class.getResourceAsStream("/META-INF/maven/plugin.xml")) {
            if (in == null) {
                throw new IllegalStateException("no META-INF/maven/plugin.xml on the test class path: maven-plugin-plugin's descriptor "
                        + "goal runs in process-classes, before the tests");
            }
            Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
            return new PluginDescriptorBuilder().build(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static MojoDescriptor mojo(Class<?> type) {
        return descriptor().getMojos().stream().filter(m -> m.getImplementation().equals(type.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no goal implemented by " + type.getName() + " in plugin.xml"));
    }

    /** A new {@code type} with every parameter at its POM default, for a project at {@code basedir}. */
    static <T extends AbstractFidelMojo> T withDefaults(Class<T> type, Path basedir) {
        try {
            T mojo = type.getDeclaredConstructor().newInstance();
            MojoDescriptor descriptor = mojo(type);
            for (Parameter p : descriptor.getParameters()) {
                String value = p.getDefaultValue();
                if (value != null && !value.startsWith("${project}") && !value.startsWith("${mojoExecution}")) {
                    set(mojo, p.getName(), convert(field(type, p.getName()).getType(), resolve(value, basedir)));
                }
            }
            MavenProject project = new MavenProject(new Model());
            project.setFile(basedir.resolve("pom.xml").toFile());
            Build build = new Build();
            build.setDirectory(basedir.resolve("target").toString());
            project.getModel().setBuild(build);
            set(mojo, "project", project);
            set(mojo, "mojoExecution", new MojoExecution(descriptor));
            return mojo;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets field {@code name} of {@code target} (declared in its class or a superclass), as Maven does. */
    static void set(Object target, String name, Object value) {
        try {
            Field f = field(target.getClass(), name);
            f.setAccessible(true);
            f.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new IllegalArgumentException(type.getSimpleName() + " has no field " + name);
    }

    private static String resolve(String value, Path basedir) {
        return value.replace("${project.build.directory}", basedir.resolve("target").toString())
                .replace("${project.basedir}", basedir.toString());
    }

    private static Object convert(Class<?> type, String value) {
        if (type == File.class) {
            return new File(value);
        } else if (type == int.class || type == Integer.class) {
            return Integer.valueOf(value);
        } else if (type == long.class) {
            return Long.valueOf(value);
        } else if (type == float.class) {
            return Float.valueOf(value);
        } else if (type == double.class) {
            return Double.valueOf(value);
        } else if (type == boolean.class) {
            return Boolean.valueOf(value);
        } else if (type == String.class) {
            return value;
        } else if (type == List.class) {
            throw new IllegalArgumentException("list defaults are not converted: " + value);
        }
        throw new IllegalArgumentException("no conversion to " + type + " for " + value);
    }
}

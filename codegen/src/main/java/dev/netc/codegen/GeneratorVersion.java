package dev.netc.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of netc that generates, e.g. {@code 0.1.0}, which each generated class checks against
 * the runtime's when it initializes (see {@code dev.netc.runtime.internal.RuntimeVersion}). It comes
 * from {@code dev/netc/codegen/version.properties}, which the build fills in. A class of its own, so
 * that asking for it (as the Maven goal does in every build) loads nothing of the generator.
 */
public final class GeneratorVersion {
    private static final String VERSION = read();

    private GeneratorVersion() {}

    public static String current() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = GeneratorVersion.class.getResourceAsStream("/dev/netc/codegen/version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").trim();
                if (!version.isEmpty() && !version.contains("${")) {
                    return version;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("netc-codegen cannot read its version", e);
        }
        String version = GeneratorVersion.class.getPackage().getImplementationVersion();
        if (version == null) {
            throw new IllegalStateException("netc-codegen does not know its version: dev/netc/codegen/"
                    + "version.properties is missing or was not filtered by the build");
        }
        return version;
    }
}

package dev.netc.codegen;

import dev.netc.runtime.internal.RuntimeVersion;

/**
 * The version of netc that generates, e.g. {@code 0.1.0}, which each generated class checks against
 * the runtime's when it initializes (see {@link RuntimeVersion}). It comes from
 * {@code dev/netc/codegen/version.properties}, which the build fills in, read as every netc module
 * reads its version ({@link RuntimeVersion#read}). A class of its own, so that asking for it (as the
 * Maven goal does in every build) loads nothing of the generator.
 */
public final class GeneratorVersion {
    private static final String VERSION = RuntimeVersion.read(GeneratorVersion.class,
            "/dev/netc/codegen/version.properties").orElseThrow(() -> new IllegalStateException(
                    "netc-codegen does not know its version: dev/netc/codegen/version.properties is missing or was"
                            + " not filtered by the build, and its jar's manifest has no Implementation-Version"));

    private GeneratorVersion() {}

    public static String current() {
        return VERSION;
    }
}

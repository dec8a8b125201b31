package dev.netc.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What an input file was when a build used it: its size and modification time, which tell cheaply
 * that it has not changed (as make, Gradle and git tell), and the SHA-256 of its content, which tells,
 * when those did change, whether the content did too (a {@code touch}, a checkout that wrote the same
 * bytes again).
 *
 * <p>A file modified shortly before the build started, or while it ran, may change again within the
 * same tick of the file system's clock without its time changing (git's "racy" files); its time is
 * then not trusted and its content is compared instead. Immutable.
 *
 * @param size bytes
 * @param modified modification time, nanoseconds since the epoch
 * @param sha256 the content's SHA-256, in hex
 * @param timeTrusted whether an equal size and time are enough to tell the file unchanged
 */
record Fingerprint(long size, long modified, String sha256, boolean timeTrusted) {
    /** How long before a build a file must have been modified to trust its time, on a fine-grained clock. */
    private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The same on a clock of whole seconds (FAT has 2 s). */
    private static final long COARSE_MARGIN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int BUFFER = 64 * 1024;

    /**
     * The fingerprint of {@code file} as a build that started at {@code buildStart} read it; empty when
     * the file was modified after {@code buildStart} or during this call, as its content may then differ
     * from what the build read, or when it cannot be read (the build reports that).
     */
    static Optional<Fingerprint> take(Path file, Instant buildStart) {
        try {
            BasicFileAttributes before = attributes(file);
            String sha256 = sha256(file);
            BasicFileAttributes after = attributes(file);
            long modified = nanos(after);
            if (before.size() != after.size() || nanos(before) != modified || racy(modified, buildStart)) {
                return Optional.empty();
            }
            return Optional.of(new Fingerprint(after.size(), modified, sha256, true));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The fingerprint to keep for {@code file} if it still has the content this one was taken of; empty
     * if it changed or cannot be read. Reads the content only when the size is the same and the time is
     * not (or is not trusted).
     */
    Optional<Fingerprint> recheck(Path file, Instant buildStart) {
        try {
            BasicFileAttributes now = attributes(file);
            if (now.size() != size) {
                return Optional.empty();
            }
            long time = nanos(now);
            if (timeTrusted && time == modified) {
                return Optional.of(this);
            }
            if (!sha256(file).equals(sha256)) {
                return Optional.empty();
            }
            BasicFileAttributes after = attributes(file);
            if (after.size() != size || nanos(after) != time) {
                return Optional.empty();
            }
            // The content is what an earlier build checked, so its hash stays right; only the time is new.
            return Optional.of(new Fingerprint(size, time, sha256, !racy(time, buildStart)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code size:modified:sha256:t} (or {@code :r} for a time not trusted). */
    String format() {
        return size + ":" + modified + ":" + sha256 + ":" + (timeTrusted ? "t" : "r");
    }

    /** The fingerprint {@link #format} wrote; throws IllegalArgumentException for anything else. */
    static Fingerprint parse(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 4 || !isSha256(parts[2]) || !(parts[3].equals("t") || parts[3].equals("r"))) {
            throw new IllegalArgumentException("not a fingerprint: " + text);
        }
        return new Fingerprint(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2], parts[3].equals("t"));
    }

    /** 64 lower-case hex digits (checked by hand: a regular expression costs more than the rest of a no-change build). */
    private static boolean isSha256(String text) {
        if (text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    static BasicFileAttributes attributes(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    static long nanos(BasicFileAttributes attributes) {
        return attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
    }

    /** Whether a file modified at {@code modified} may still change within the same tick of its clock. */
    private static boolean racy(long modified, Instant buildStart) {
        long start = TimeUnit.SECONDS.toNanos(buildStart.getEpochSecond()) + buildStart.getNano();
        long margin = modified % TimeUnit.SECONDS.toNanos(1) == 0 ? COARSE_MARGIN_NANOS : MARGIN_NANOS;
        return modified > start - margin;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}

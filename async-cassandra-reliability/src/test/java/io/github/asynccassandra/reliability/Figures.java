package io.github.asynccassandra.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Figures a scenario measured: printed, and appended to {@code target/reliability/figures.md}. */
final class Figures {

    static final boolean FULL = Boolean.getBoolean("reliability.full");
    private static final Path FILE = Path.of("target", "reliability", "figures.md");

    private Figures() {
    }

    static void report(String scenario, String figures) {
        String line = "- **" + scenario + "** (" + (FULL ? "full" : "smoke") + "): " + figures + "\n";
        System.out.print("[reliability] " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.github.asynccassandra.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * RESULTS.md is written by several benchmarks: the throughput report first, then one section per other
 * benchmark, each replaced by its own run and kept by the others'.
 */
final class ResultsFile {

    /** Headings of the sections that follow the throughput report, in order. */
    static final List<String> SECTIONS = List.of("## Bulk operations", "## Service");

    private ResultsFile() {
    }

    /** Replaces (or adds) one section, keeping the rest of the file. */
    static void writeSection(Path file, String heading, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        int start = find(text, heading);
        String head;
        String tail;
        if (start < 0) {
            head = text.isEmpty() ? "" : text.stripTrailing() + "\n\n";
            tail = "";
        } else {
            head = text.substring(0, start);
            int end = text.length();
            for (String other : SECTIONS) {
                int at = other.equals(heading) ? -1 : find(text, other);
                if (at > start && at < end) {
                    end = at;
                }
            }
            tail = text.substring(end);
        }
        Files.writeString(file, head + section.stripTrailing() + "\n" + (tail.isEmpty() ? "" : "\n" + tail));
    }

    /** The throughput report, followed by the other benchmarks' sections as they are in the file. */
    static void writeReport(Path file, String report) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        int first = text.length();
        for (String heading : SECTIONS) {
            int at = find(text, heading);
            if (at >= 0 && at < first) {
                first = at;
            }
        }
        Files.writeString(file, report.stripTrailing() + "\n" + (first < text.length() ? "\n" + text.substring(first)
                : ""));
    }

    private static int find(String text, String heading) {
        if (text.startsWith(heading)) {
            return 0;
        }
        int at = text.indexOf("\n" + heading);
        return at < 0 ? -1 : at + 1;
    }
}

package dev.argyle.server.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The YAML blocks of docs/rules.md, so tests can hold the documentation to what the code does. */
final class DocsRules {
    static final Path FILE = Path.of("../docs/rules.md");

    private DocsRules() {
    }

    /** The first ```yaml block after the line {@code <!-- NAME -->}. */
    static String block(String name) throws IOException {
        String text = Files.readString(FILE);
        int marker = text.indexOf("<!-- " + name + " -->");
        if (marker < 0) {
            throw new AssertionError("docs/rules.md has no <!-- " + name + " --> marker");
        }
        return yamlAt(text, text.indexOf("```yaml\n", marker));
    }

    static List<String> allYamlBlocks() throws IOException {
        String text = Files.readString(FILE);
        List<String> out = new ArrayList<>();
        for (int at = text.indexOf("```yaml\n"); at >= 0; at = text.indexOf("```yaml\n", at + 1)) {
            out.add(yamlAt(text, at));
        }
        return out;
    }

    private static String yamlAt(String text, int fence) {
        int start = fence + "```yaml\n".length();
        return text.substring(start, text.indexOf("```", start));
    }
}

package dev.ebld.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker itself, fed small sources that break and keep the rule. */
class ClosedFamilySwitchesTest {
    @TempDir
    Path root;

    private List<ClosedFamilySwitches.Violation> check(String... sources) throws IOException {
        Path dir = root.resolve("m/src/main/java/p");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("Color.java"), "package p; public enum Color { RED, GREEN, BLUE }\n");
        Files.writeString(dir.resolve("Shape.java"),
                "package p; public sealed interface Shape permits Shape.Dot, Shape.Line {\n"
                        + "  record Dot() implements Shape { }\n  record Line() implements Shape { }\n}\n");
        for (int i = 0; i < sources.length; i++) {
            Files.writeString(dir.resolve("U" + i + ".java"), sources[i]);
        }
        return ClosedFamilySwitches.check(root, ClosedFamilySwitches.mainSources(root));
    }

    @Test
    void defaultInASwitchExpressionOverAnEnumIsReported() throws IOException {
        List<ClosedFamilySwitches.Violation> v = check("""
                package p;
                class U0 {
                    int f(Color c) {
                        return switch (c) {
                            case RED -> 1;
                            default -> 2;
                        };
                    }
                }
                """);
        assertEquals(1, v.size(), v.toString());
        assertEquals("m/src/main/java/p/U0.java", v.get(0).file());
        assertEquals(6, v.get(0).line());
        assertTrue(v.get(0).problem().contains("default label in a switch over p.Color"), v.toString());
    }

    @Test
    void statementSwitchesWithDefaultOrMissingConstantsAreReported() throws IOException {
        List<ClosedFamilySwitches.Violation> v = check("""
                package p;
                class U0 {
                    void f(Color c) {
                        switch (c) {
                            case RED:
                                break;
                            default:
                                break;
                        }
                        switch (c) {
                            case RED, GREEN -> System.out.println();
                        }
                    }
                }
                """);
        assertEquals(2, v.size(), v.toString());
        assertEquals(7, v.get(0).line());
        assertEquals(10, v.get(1).line());
        assertTrue(v.get(1).problem().contains("misses [BLUE]"), v.toString());
        assertTrue(ClosedFamilySwitches.report(v).contains("m/src/main/java/p/U0.java:10: "), ClosedFamilySwitches.report(v));
    }

    @Test
    void exhaustiveSwitchesAndOpenSelectorsPass() throws IOException {
        List<ClosedFamilySwitches.Violation> v = check("""
                package p;
                import some.missing.Library;
                class U0 {
                    int f(Color c, int n, String s, Library unresolved) {
                        int a = switch (c) {
                            case RED -> 1;
                            case GREEN, BLUE -> 2;
                        };
                        switch (c) {
                            case RED: case GREEN: case BLUE: a++;
                        }
                        switch (n) {
                            case 1: return 1;
                            default: a++;
                        }
                        return a + switch (s) {
                            case "x" -> 1;
                            default -> 0;
                        };
                    }
                }
                """);
        assertEquals(List.of(), v);
    }

    @Test
    void aDefaultOverASealedTypeIsReported() throws IOException {
        // A pattern switch needs Java 21; sources at --release 17 cannot write one, but the check
        // reads whatever the running JDK parses.
        List<ClosedFamilySwitches.Violation> v = check("""
                package p;
                class U0 {
                    int f(Shape s) {
                        return switch (s) {
                            case Shape.Dot d -> 1;
                            default -> 2;
                        };
                    }
                }
                """);
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).problem().contains("p.Shape"), v.toString());
    }
}

package dev.ebld.maven;

import java.util.regex.Pattern;

/**
 * An Ant-style include/exclude pattern as Maven file sets use them, matched against a path
 * relative to the file set's directory with {@code /} separators.
 *
 * <p>{@code **}{@code /} matches zero or more directories (so {@code **}{@code /*.o} matches
 * {@code a.o} as well as {@code x/y/a.o}), {@code *} anything within one name, {@code ?} one
 * character of a name. A pattern ending in {@code /} means everything below it, as in Ant.
 * We translate to a regular expression rather than use {@code PathMatcher} globs because a glob's
 * {@code **}{@code /} needs at least one directory, which is not what Maven users expect.
 */
final class AntPattern {
    private final String source;
    private final Pattern regex;

    private AntPattern(String source, Pattern regex) {
        this.source = source;
        this.regex = regex;
    }

    static AntPattern compile(String pattern) {
        String p = pattern.replace('\\', '/');
        if (p.endsWith("/")) {
            p = p + "**";
        }
        return new AntPattern(pattern, Pattern.compile(toRegex(p)));
    }

    boolean matches(String relativePath) {
        return regex.matcher(relativePath).matches();
    }

    @Override
    public String toString() {
        return source;
    }

    private static String toRegex(String p) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < p.length()) {
            if (p.startsWith("**/", i)) {
                sb.append("(?:.*/)?");
                i += 3;
            } else if (p.startsWith("**", i)) {
                sb.append(".*");
                i += 2;
            } else {
                char c = p.charAt(i++);
                if (c == '*') {
                    sb.append("[^/]*");
                } else if (c == '?') {
                    sb.append("[^/]");
                } else {
                    sb.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }
        return sb.toString();
    }
}

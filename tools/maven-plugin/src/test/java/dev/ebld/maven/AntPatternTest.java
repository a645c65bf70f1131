package dev.ebld.maven;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AntPatternTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
            "**/*.o,      a.o,           true",
            "**/*.o,      x/y/a.o,       true",
            "**/*.o,      a.c,           false",
            "**/*.o,      a.o.bak,       false",
            "*.o,         a.o,           true",
            "*.o,         x/a.o,         false",
            "x/**,        x/a.o,         true",
            "x/**,        x/y/a.o,       true",
            "x/**,        y/a.o,         false",
            "x/,          x/y/a.o,       true",
            "a?.o,        ab.o,          true",
            "a?.o,        a/.o,          false",
            "a.o,         aXo,           false",
            "**/test/**,  a/test/b.o,    true",
            "**/test/**,  test/b.o,      true",
            "**/test/**,  atest/b.o,     false",
    })
    void matchesLikeAnt(String pattern, String path, boolean expected) {
        assertThat(AntPattern.compile(pattern).matches(path)).isEqualTo(expected);
    }
}

package dev.ebld.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test runs an external oracle program ({@code llvm-objdump-19}, {@code bpftool}, ...) found on
 * {@code PATH}. Skipped with a printed reason when the program is missing; a failure instead when
 * the oracles are required (see {@link Oracles#required()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(RequiresTool.All.class)
@ExtendWith(OracleCondition.class)
public @interface RequiresTool {
    /** The program's name as looked up on {@code PATH}. */
    String value();

    /** Container of repeated {@link RequiresTool}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ExtendWith(OracleCondition.class)
    @interface All {
        RequiresTool[] value();
    }
}

package dev.ebld.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test asks this machine's Linux kernel: it loads BPF programs as a privileged process
 * ({@code bpftool prog load}/{@code loadall}, {@code prog run}). It runs only where
 * {@link Oracles#kernel()} is available, is skipped with a printed reason elsewhere, and fails
 * instead of skipping when the oracles are required (see {@link Oracles#required()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(OracleCondition.class)
public @interface RequiresKernel {
}

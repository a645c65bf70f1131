package dev.ebld.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test reads this machine's kernel BTF, {@link Oracles#KERNEL_BTF} (a kernel built with
 * {@code CONFIG_DEBUG_INFO_BTF}; no privilege needed, unlike {@link RequiresKernel}). Skipped with
 * a printed reason when the file is not readable; a failure instead when the oracles are required
 * (see {@link Oracles#required()}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(OracleCondition.class)
public @interface RequiresKernelBtf {
}

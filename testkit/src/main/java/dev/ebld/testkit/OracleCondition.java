package dev.ebld.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Decides {@link RequiresKernel}, {@link RequiresKernelBtf} and {@link RequiresTool}: enabled when every oracle the element
 * asks for is present; otherwise disabled with the reason printed to standard error (so a skipped
 * oracle shows in the build log, not only in the report files); and, when the oracles are
 * {@linkplain Oracles#required() required}, an error that fails the test.
 */
public final class OracleCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<AnnotatedElement> element = context.getElement();
        if (element.isEmpty()) {
            return ConditionEvaluationResult.enabled("no element");
        }
        List<String> missing = missingOracles(element.get());
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("oracles present");
        }
        String reason = context.getDisplayName() + ": " + String.join("; ", missing);
        return Oracles.skipOrFail(reason);
    }

    static List<String> missingOracles(AnnotatedElement element) {
        List<String> missing = new ArrayList<>();
        if (element.isAnnotationPresent(RequiresKernel.class)) {
            Oracles.kernel().ifPresent(missing::add);
        }
        if (element.isAnnotationPresent(RequiresKernelBtf.class)) {
            Oracles.kernelBtf().ifPresent(missing::add);
        }
        for (RequiresTool tool : element.getAnnotationsByType(RequiresTool.class)) {
            if (Oracles.tool(tool.value()).isEmpty()) {
                missing.add(tool.value() + " is not on PATH");
            }
        }
        return missing;
    }
}

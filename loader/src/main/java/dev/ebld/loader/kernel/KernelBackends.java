package dev.ebld.loader.kernel;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a {@link KernelProvider} by name among those on the class path (or module path) and
 * opens it. A provider the running JVM cannot load, because its class file is newer than the
 * JVM, is reported as unavailable, naming the Java version it needs. Messages say what is wrong,
 * not which backend: the caller names the one it asked for.
 */
public final class KernelBackends {
    /** HotSpot's wording for a class file too new: "(class file version 69.0)". */
    private static final Pattern CLASS_FILE_VERSION = Pattern.compile("class file version (\\d+)");

    private KernelBackends() {
    }

    /**
     * Opens the kernel backend called {@code name} (see {@link KernelProvider#open()}).
     *
     * @throws KernelUnavailableException when no provider has that name, a provider cannot be
     *     loaded by this JVM, or the provider refuses this process
     */
    public static KernelHandle open(String name) {
        Iterator<KernelProvider> it = ServiceLoader.load(KernelProvider.class,
                KernelProvider.class.getClassLoader()).iterator();
        List<String> found = new ArrayList<>();
        try {
            while (it.hasNext()) {
                KernelProvider p = it.next();
                if (p.name().equals(name)) {
                    return p.open();
                }
                found.add(p.name());
            }
        } catch (ServiceConfigurationError | UnsupportedClassVersionError e) {
            // ServiceLoader wraps a provider it cannot find or instantiate, but lets a class file
            // too new for this JVM through as it is.
            throw unloadable(e);
        }
        throw new KernelUnavailableException("no kernel backend named '" + name + "' on the class path"
                + (found.isEmpty() ? "" : " (found: " + String.join(", ", found) + ")"));
    }

    /** Why a provider could not be loaded; a class file too new names the Java it needs. */
    static KernelUnavailableException unloadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedClassVersionError) {
                return new KernelUnavailableException("the backend needs "
                        + neededJava(t.getMessage()) + " (running " + Runtime.version().feature() + ")", e);
            }
        }
        return new KernelUnavailableException("the backend could not be loaded: " + e.getMessage(), e);
    }

    /** "Java 25+" from HotSpot's message naming class file version 69; class file N is Java N - 44. */
    static String neededJava(String unsupportedClassVersionMessage) {
        Matcher m = CLASS_FILE_VERSION.matcher(String.valueOf(unsupportedClassVersionMessage));
        return m.find() ? "Java " + (Integer.parseInt(m.group(1)) - 44) + "+" : "a newer Java";
    }
}

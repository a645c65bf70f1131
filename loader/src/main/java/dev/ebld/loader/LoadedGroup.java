package dev.ebld.loader;

import dev.ebld.diag.Location;
import dev.ebld.loader.kernel.Errno;
import java.util.List;

/**
 * The result of {@link BpfObject#loadAll}: the libraries and the objects loaded together, in
 * load order. {@link #close()} closes the objects, then the libraries, in reverse order (a
 * library stays loaded anyway while a program calling it exists).
 */
public final class LoadedGroup implements AutoCloseable {
    private final List<LoadedLibrary> libraries;
    private final List<LoadedObject> objects;

    LoadedGroup(List<LoadedLibrary> libraries, List<LoadedObject> objects) {
        this.libraries = List.copyOf(libraries);
        this.objects = List.copyOf(objects);
    }

    public List<LoadedLibrary> libraries() {
        return libraries;
    }

    public List<LoadedObject> objects() {
        return objects;
    }

    /** The loaded object of that name ({@link BpfObject#name()}). */
    public LoadedObject object(String name) {
        return objects.stream().filter(o -> o.object().name().equals(name)).findFirst()
                .orElseThrow(() -> missing("object", name));
    }

    /** The library of that name. */
    public LoadedLibrary library(String name) {
        return libraries.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> missing("library", name));
    }

    private static LoaderException missing(String what, String name) {
        return new LoaderException(LoaderDiagnosticKind.NOT_FOUND, new Location(name, null, -1, null),
                Errno.ENOENT, "no " + what + " '" + name + "' in this load");
    }

    @Override
    public void close() {
        for (int i = objects.size() - 1; i >= 0; i--) {
            objects.get(i).close();
        }
        for (int i = libraries.size() - 1; i >= 0; i--) {
            libraries.get(i).close();
        }
    }
}

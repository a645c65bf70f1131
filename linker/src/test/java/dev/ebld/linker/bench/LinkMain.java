package dev.ebld.linker.bench;

import dev.ebld.linker.LinkException;
import dev.ebld.linker.LinkInput;
import dev.ebld.linker.LinkOptions;
import dev.ebld.linker.Linker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code LinkMain OUT IN...}: one link in a fresh JVM, for whole-process timing. */
public final class LinkMain {
    private LinkMain() {
    }

    public static void main(String[] args) throws Exception {
        List<LinkInput> ins = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            ins.add(LinkInput.of(Path.of(args[i])));
        }
        try {
            Linker.link(new LinkOptions(ins, Path.of(args[0]), Optional.empty(), false));
        } catch (LinkException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }
}

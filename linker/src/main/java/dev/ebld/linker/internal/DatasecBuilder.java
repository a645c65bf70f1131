package dev.ebld.linker.internal;

import dev.ebld.btf.BtfType;
import dev.ebld.elf.Section;
import dev.ebld.elf.internal.StringTableBuilder;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds the DATASECs for the output. Each variable's offset is recomputed from where its
 * bytes went, and for a global from the output symbol itself, so BTF and symbol table cannot
 * disagree:
 *
 * <ul>
 *   <li>a global is listed once, by the file whose definition won, in the section where that
 *       definition lives: a weak {@code .bss} variable overridden by a strong {@code .data} one
 *       disappears from {@code .bss} (libbpf fails with "section mismatch" here);</li>
 *   <li>an extern map or variable resolved by a definition is not listed (the definition is);
 *       one that stays undefined is listed once;</li>
 *   <li>a static variable moves with its section;</li>
 *   <li>DATASECs with no ELF section ({@code .kconfig}, {@code .ksyms}) are merged by name.</li>
 * </ul>
 */
final class DatasecBuilder {
    private final InputSet inputs;
    private final Layout layout;
    private final OutputSymbols symbols;
    private final BtfTypeMap ids;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry {
        final List<BtfType.VarSecinfo> vars = new ArrayList<>();
        /** By output id: the globals listed (or deliberately left out) so far. */
        final boolean[] seen;
        boolean anySeen;
        int size;
        int order;

        Entry(int ids) {
            seen = new boolean[ids];
        }
    }

    DatasecBuilder(InputSet inputs, Layout layout, OutputSymbols symbols, BtfTypeMap ids) {
        this.inputs = inputs;
        this.layout = layout;
        this.symbols = symbols;
        this.ids = ids;
    }

    /** The output DATASECs, names interned in {@code strings}: real sections first, in layout order. */
    List<BtfType> build(StringTableBuilder strings) {
        for (int[] d : ids.datasecs()) {
            InputFile f = inputs.files().get(d[0]);
            add(f, (BtfType.Datasec) f.btf().get().type(d[1]));
        }
        List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
        // Plain lambdas, not Comparator.comparingInt: the AOT cache keeps lambdas of ebld's own
        // classes, but the ones comparingInt spins inside java.util.Comparator are made anew
        // on every cold JVM.
        sorted.sort((a, b) -> Integer.compare(a.getValue().order, b.getValue().order));
        List<BtfType> out = new ArrayList<>();
        for (Map.Entry<String, Entry> e : sorted) {
            List<BtfType.VarSecinfo> vars = new ArrayList<>(e.getValue().vars);
            vars.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
            out.add(new BtfType.Datasec(e.getKey(), strings.add(e.getKey()), false, e.getValue().size, vars));
        }
        return out;
    }

    private void add(InputFile f, BtfType.Datasec d) {
        int inSec = sectionIndex(f, d.name());
        int out = inSec < 0 ? outputByName(d.name()) : layout.outputSectionOf(f.order(), inSec);
        if (inSec >= 0 && (out < 0 || layout.isDuplicateCopy(f.order(), out))) {
            return; // dropped, or a second copy of license/version
        }
        String key = out >= 0 ? layout.sections().get(out).name() : d.name();
        Entry e = entries.get(key);
        if (e == null) {
            e = new Entry(ids.keptCount() + 1);
            entries.put(key, e);
        }
        if (e.vars.isEmpty() && !e.anySeen) {
            e.order = out >= 0 ? out : Integer.MAX_VALUE / 2 + entries.size();
        }
        e.size = out >= 0 ? (int) layout.sections().get(out).size() : Math.max(e.size, d.size());
        List<BtfType.VarSecinfo> vars = d.vars();
        for (int i = 0; i < vars.size(); i++) {
            BtfType.VarSecinfo placed = placeVar(f, vars.get(i), inSec, e);
            if (placed != null) {
                e.vars.add(placed);
            }
        }
    }

    /** Where {@code v} goes in the output DATASEC, or null when it is not listed there. */
    private BtfType.VarSecinfo placeVar(InputFile f, BtfType.VarSecinfo v, int inSec, Entry e) {
        int newType = ids.map(f.order(), v.type());
        // The globals were looked up by name once, when ids were assigned.
        GlobalSymbol g = ids.global(f.order(), v.type());
        if (g != null && g.isDefined()) {
            if (g.winner().get().file() != f.order() || !markSeen(e, newType)) {
                return null; // listed by the winner's file
            }
            long value = symbols.get(symbols.globalIndex().get(g.name())).value();
            return new BtfType.VarSecinfo(newType, (int) value, v.size());
        }
        if (g != null && !markSeen(e, newType)) {
            return null; // an extern already listed by an earlier file
        }
        if (inSec < 0) {
            return new BtfType.VarSecinfo(newType, v.offset(), v.size());
        }
        long off = layout.offsetOf(f.order(), inSec, v.offset());
        return off == Layout.UNMAPPED ? null : new BtfType.VarSecinfo(newType, (int) off, v.size());
    }

    /** Records that {@code id} is listed in {@code e}; false if it already was. */
    private static boolean markSeen(Entry e, int id) {
        if (e.seen[id]) {
            return false;
        }
        e.seen[id] = true;
        e.anySeen = true;
        return true;
    }

    /** An output section of this name (another file's), for a DATASEC holding only externs. */
    private int outputByName(String name) {
        for (OutputSection o : layout.sections()) {
            if (o.name().equals(name)) {
                return o.id();
            }
        }
        return -1;
    }

    static int sectionIndex(InputFile f, String name) {
        for (Section s : f.elf().sections()) {
            if (s.name().equals(name) && f.role(s.index()).isContent()) {
                return s.index();
            }
        }
        return -1;
    }
}

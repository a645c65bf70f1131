package dev.ebld.linker;

import dev.ebld.diag.Location;

/**
 * Renders a {@link LinkMap} as text for {@code --map}: sections with their pieces, then
 * symbols with winner and losers, then unresolved references. Columns are fixed so that diffs
 * of two maps line up.
 */
final class LinkMapText {
    private LinkMapText() {
    }

    static String render(LinkMap map) {
        StringBuilder sb = new StringBuilder();
        sb.append("Sections:\n");
        sb.append(String.format("%-24s %10s %6s  %s%n", "section", "size", "align", "pieces"));
        for (LinkMap.SectionEntry s : map.sections()) {
            sb.append(String.format("%-24s 0x%08x %6d%n", s.name(), s.size(), s.align()));
            for (LinkMap.PieceEntry p : s.pieces()) {
                sb.append(String.format("    +0x%06x %8d  %s:(%s+0x%x)%n", p.outputOffset(), p.size(),
                        p.file(), p.section(), p.inputOffset()));
            }
        }
        sb.append("\nSymbols:\n");
        for (LinkMap.SymbolEntry s : map.symbols()) {
            String where = s.winner() == null ? "UNDEFINED"
                    : s.section() + "+0x" + Long.toHexString(s.value()) + " from " + s.winner().format();
            sb.append(String.format("%-6s %-7s %-24s %s%n", s.binding(), s.visibility(), s.name(), where));
            for (Location l : s.losers()) {
                sb.append("    lost: ").append(l.format()).append('\n');
            }
            for (String e : s.externs()) {
                sb.append("    extern in: ").append(e).append('\n');
            }
        }
        sb.append("\nUnresolved references:\n");
        if (map.unresolved().isEmpty()) {
            sb.append("    (none)\n");
        }
        for (LinkMap.Unresolved u : map.unresolved()) {
            sb.append("    ").append(u.symbol()).append(" referenced by ").append(u.location().format()).append('\n');
        }
        sb.append("\nCalls resolved at link time (section-scoped): ").append(map.resolvedCalls()).append('\n');
        if (!map.skipped().isEmpty()) {
            sb.append("\nArchive members not pulled:\n");
            for (String s : map.skipped()) {
                sb.append("    ").append(s).append('\n');
            }
        }
        return sb.toString();
    }
}

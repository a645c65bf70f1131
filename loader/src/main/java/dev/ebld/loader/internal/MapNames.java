package dev.ebld.loader.internal;

import java.nio.file.Path;

/**
 * libbpf's naming of the maps it makes itself ({@code internal_map_name}): up to 8 characters of
 * the object name, then the section name (".bss"), 15 characters at most; a section with a
 * second '.' (".data.custom", ".rodata.str1.1") keeps its own name only. Characters the kernel
 * refuses in object names become '_'.
 */
public final class MapNames {
    /** {@code BPF_OBJ_NAME_LEN} minus the terminating NUL. */
    public static final int MAX = 15;

    private MapNames() {
    }

    /** The object name: the file's base name up to its first '.', as {@code bpf_object__new}. */
    public static String objectName(String file) {
        Path p = Path.of(file).getFileName();
        String base = p == null ? file : p.toString();
        int dot = base.indexOf('.');
        return dot >= 0 ? base.substring(0, dot) : base;
    }

    public static String internal(String objName, String section) {
        int sfxLen = Math.max(7, section.length());
        int pfxLen = section.indexOf('.', 1) >= 0 ? 0 : Math.min(MAX - sfxLen, objName.length());
        pfxLen = Math.max(pfxLen, 0);
        String name = objName.substring(0, pfxLen) + section;
        if (name.length() > MAX) {
            name = name.substring(0, MAX);
        }
        StringBuilder sb = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '.' ? c : '_');
        }
        return sb.toString();
    }

    /** A name as the kernel stores it: cut to {@link #MAX} characters. */
    public static String kernel(String name) {
        return name.length() > MAX ? name.substring(0, MAX) : name;
    }
}

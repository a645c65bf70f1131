package dev.ebld.loader.linux;

import dev.ebld.insn.InsnCodec;
import dev.ebld.loader.kernel.Errno;
import dev.ebld.loader.kernel.Fd;
import dev.ebld.loader.kernel.FuncInfo;
import dev.ebld.loader.kernel.KernelException;
import dev.ebld.loader.kernel.LineInfo;
import dev.ebld.loader.kernel.LogOptions;
import dev.ebld.loader.kernel.ProgFd;
import dev.ebld.loader.kernel.ProgLoadAttr;
import dev.ebld.loader.kernel.ProgLoadException;
import dev.ebld.loader.kernel.TestRunAttr;
import dev.ebld.loader.kernel.TestRunResult;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@code BPF_PROG_LOAD} with its verifier log, and {@code BPF_PROG_TEST_RUN}. */
final class ProgCalls {
    private ProgCalls() {
    }

    /** What a load gives back before the info query: the fd and the log text. */
    record Loaded(ProgFd fd, String log) {
    }

    /** Loads the program; log level 0 with a buffer as libbpf's {@code bpf_prog_load} ({@link #quietThenLogged}). */
    static Loaded load(FdTable fds, ProgLoadAttr a, int kernelVersion) {
        return quietThenLogged(a.log(), log -> load(fds, a, kernelVersion, log));
    }

    /**
     * libbpf's way with log level 0 and a buffer, for program and BTF loads: the kernel refuses
     * a buffer without a level (EINVAL), so {@code once} runs without a log, and only after a
     * refusal again at level 1 to fetch the reason. Any other request runs once as given.
     */
    static <T> T quietThenLogged(LogOptions log, Function<LogOptions, T> once) {
        if (log.level() == 0 && log.bufferSize() > 0) {
            try {
                return once.apply(LogOptions.NONE);
            } catch (KernelException e) {
                return once.apply(new LogOptions(1, log.bufferSize()));
            }
        }
        return once.apply(log);
    }

    private static Loaded load(FdTable fds, ProgLoadAttr a, int kernelVersion, LogOptions log) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ProgAttrs.PROG_LOAD)
                    .u32("prog_type", a.type().number()).objName("prog_name", a.name())
                    .string("license", a.license()).u32("kern_version", kernelVersion)
                    .u32("prog_flags", a.flags());
            byte[] code = InsnCodec.encodeAll(a.insns(), ByteOrder.nativeOrder());
            s.copyIn("insns", code);
            s.u32("insn_cnt", code.length / 8);
            a.expectedAttachType().ifPresent(t -> s.u32("expected_attach_type", t.number()));
            a.btf().ifPresent(b -> s.u32("prog_btf_fd", b.value()));
            funcInfo(s, a.funcInfo());
            lineInfo(s, a.lineInfo());
            a.attachBtfId().ifPresent(id -> s.u32("attach_btf_id", id.value()));
            a.attachProg().ifPresent(p -> s.u32("attach_prog_fd", p.value()));
            if (!a.fdArray().isEmpty()) {
                s.copyIn("fd_array", ints(a.fdArray().stream().mapToInt(Fd::value).toArray()));
            }
            MemorySegment buf = MemorySegment.NULL;
            s.u32("log_level", log.level());
            if (log.bufferSize() > 0) {
                buf = s.room("log_buf", log.bufferSize());
                s.u32("log_size", log.bufferSize());
            }
            try {
                int fd = BpfSyscall.bpf(BpfCmd.PROG_LOAD, s.segment(), "program " + a.name());
                return new Loaded((ProgFd) fds.adopt(fd, Fd.Kind.PROG), Struct.cString(buf));
            } catch (KernelException e) {
                throw new ProgLoadException(e.number(), e.reason() + truncation(e, s, log),
                        Struct.cString(buf));
            }
        }
    }

    private static void funcInfo(Struct s, List<FuncInfo> infos) {
        if (infos.isEmpty()) {
            return;
        }
        int[] words = new int[infos.size() * 2];
        for (int i = 0; i < infos.size(); i++) {
            words[2 * i] = infos.get(i).insnOff();
            words[2 * i + 1] = infos.get(i).typeId().value();
        }
        s.copyIn("func_info", ints(words));
        s.u32("func_info_rec_size", ProgAttrs.FUNC_INFO_REC_SIZE).u32("func_info_cnt", infos.size());
    }

    private static void lineInfo(Struct s, List<LineInfo> infos) {
        if (infos.isEmpty()) {
            return;
        }
        int[] words = new int[infos.size() * 4];
        for (int i = 0; i < infos.size(); i++) {
            LineInfo l = infos.get(i);
            words[4 * i] = l.insnOff();
            words[4 * i + 1] = l.fileNameOff();
            words[4 * i + 2] = l.lineOff();
            words[4 * i + 3] = l.lineCol();
        }
        s.copyIn("line_info", ints(words));
        s.u32("line_info_rec_size", ProgAttrs.LINE_INFO_REC_SIZE).u32("line_info_cnt", infos.size());
    }

    /** {@code __u32} words in native order, as the kernel reads arrays of them. */
    static byte[] ints(int[] words) {
        MemorySegment m = MemorySegment.ofArray(new byte[words.length * 4]);
        for (int i = 0; i < words.length; i++) {
            m.set(ValueLayout.JAVA_INT_UNALIGNED, 4L * i, words[i]);
        }
        return m.toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * For ENOSPC with a log buffer, what the kernel says the whole log needed
     * ({@code log_true_size}, 6.4+; 0 from older kernels). The caller's buffer is not grown and
     * the load retried, as libbpf does only for buffers it allocated itself: the size is the
     * caller's choice, and the truncated log is kept in the exception.
     */
    private static String truncation(KernelException e, Struct s, LogOptions log) {
        int needed = s.u32("log_true_size");
        if (e.errno() != Errno.ENOSPC || log.bufferSize() == 0 || needed == 0) {
            return "";
        }
        return " (verifier log truncated: " + Integer.toUnsignedString(needed) + " bytes needed,"
                + " the buffer holds " + log.bufferSize() + ")";
    }

    /**
     * Runs the program once (or {@code repeat} times) in the kernel. retval is the UAPI's 32 bits,
     * unsigned; duration the kernel's mean ns per run; data and context out are cut to the
     * sizes the kernel reports back.
     */
    static TestRunResult testRun(ProgFd prog, TestRunAttr a) {
        try (Arena arena = Arena.ofConfined()) {
            Struct s = Struct.of(arena, ProgAttrs.TEST).u32("prog_fd", prog.value())
                    .u32("repeat", a.repeat()).u32("flags", a.flags()).u32("cpu", a.cpu());
            a.dataIn().ifPresent(d -> s.u32("data_size_in", d.length).copyIn("data_in", d));
            a.ctxIn().ifPresent(c -> s.u32("ctx_size_in", c.length).copyIn("ctx_in", c));
            MemorySegment dataOut = out(s, "data_out", "data_size_out", a.dataOutSize());
            MemorySegment ctxOut = out(s, "ctx_out", "ctx_size_out", a.ctxOutSize());
            BpfSyscall.bpf(BpfCmd.PROG_TEST_RUN, s.segment(), prog.toString());
            return new TestRunResult(Integer.toUnsignedLong(s.u32("retval")),
                    Integer.toUnsignedLong(s.u32("duration")),
                    cut(dataOut, s.u32("data_size_out")), cut(ctxOut, s.u32("ctx_size_out")));
        }
    }

    private static MemorySegment out(Struct s, String buffer, String size, int room) {
        if (room == 0) {
            return MemorySegment.NULL;
        }
        s.u32(size, room);
        return s.room(buffer, room);
    }

    private static Optional<byte[]> cut(MemorySegment out, int size) {
        if (out.byteSize() == 0) {
            return Optional.empty();
        }
        if (Integer.toUnsignedLong(size) > out.byteSize()) {
            throw new KernelException(Errno.ENOSPC, "the kernel reports " + size + " bytes out"
                    + " for a " + out.byteSize() + "-byte buffer");
        }
        return Optional.of(out.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE));
    }
}

package dev.ebld.loader.linux;

/** {@code enum bpf_cmd} of include/uapi/linux/bpf.h: the commands this backend issues. */
enum BpfCmd {
    MAP_CREATE(0),
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    MAP_GET_NEXT_KEY(4),
    PROG_LOAD(5),
    OBJ_PIN(6),
    OBJ_GET(7),
    PROG_ATTACH(8),
    PROG_DETACH(9),
    PROG_TEST_RUN(10),
    PROG_GET_NEXT_ID(11),
    MAP_GET_NEXT_ID(12),
    PROG_GET_FD_BY_ID(13),
    MAP_GET_FD_BY_ID(14),
    OBJ_GET_INFO_BY_FD(15),
    PROG_QUERY(16),
    RAW_TRACEPOINT_OPEN(17),
    BTF_LOAD(18),
    BTF_GET_FD_BY_ID(19),
    MAP_FREEZE(22),
    BTF_GET_NEXT_ID(23),
    LINK_CREATE(28),
    LINK_UPDATE(29),
    LINK_GET_FD_BY_ID(30),
    LINK_GET_NEXT_ID(31),
    LINK_DETACH(34);

    private final int number;

    BpfCmd(int number) {
        this.number = number;
    }

    int number() {
        return number;
    }

    /** The name the UAPI gives it, for messages: {@code BPF_MAP_CREATE}. */
    String uapiName() {
        return "BPF_" + name();
    }
}

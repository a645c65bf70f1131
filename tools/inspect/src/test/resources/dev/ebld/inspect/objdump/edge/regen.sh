#!/bin/sh
# Rebuilds the hand-written edge-case objects and their llvm-objdump-19 goldens.
# Needs llvm-mc-19 and llvm-objdump-19. Run from this directory.
set -eu
# rela-el.o / rela-eb.o are fixtures/obj/progs_multi-*.o with their code relocation sections
# turned into SHT_RELA (addends -3, +2, +7, ...) and the second entry's type set to 7 (unknown),
# written through ebld's ElfWriter; they are kept as they are and only their goldens are redone.
# corebig/coresmall/coreswap-el.o are fixtures/obj/core_reloc-el.o with the first .BTF.ext
# CO-RE record group's count raised past the section end (llvm-objdump keeps the records read so
# far), lowered to 3, or with its first two records' offsets swapped (an unsorted list).
for s in edge1 edge2 rela corebig coresmall coreswap; do
  for e in el eb; do
    o=$s-$e.o
    [ -f $o ] || [ "${s#core}" = "$s" ] || continue
    if [ "$s" = edge1 ] || [ "$s" = edge2 ]; then
      llvm-mc-19 -triple bpf$e -mcpu=v4 -filetype=obj $s.s -o $o
    fi
    llvm-objdump-19 -d $o > $s-$e.d.txt
    llvm-objdump-19 -d -r $o > $s-$e.dr.txt
    llvm-objdump-19 -d -r --no-show-raw-insn $o > $s-$e.dr-noraw.txt
    llvm-objdump-19 -h $o > $s-$e.h.txt
    llvm-objdump-19 -t $o > $s-$e.t.txt
    llvm-objdump-19 -r $o > $s-$e.r.txt
    llvm-objdump-19 -h -t -d -r $o > $s-$e.htdr.txt
  done
done

package dev.ebld.insn;

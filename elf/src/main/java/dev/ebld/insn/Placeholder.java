package dev.ebld.insn; final class Placeholder { private Placeholder() { } }

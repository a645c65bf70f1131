package dev.ebld.disasm; final class Placeholder { private Placeholder() { } }

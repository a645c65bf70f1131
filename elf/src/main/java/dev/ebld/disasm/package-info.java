package dev.ebld.disasm;

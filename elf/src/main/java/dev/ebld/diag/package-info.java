/** Diagnostics as values, shared by every stage: a location, a stable kind and a message. */
package dev.ebld.diag;

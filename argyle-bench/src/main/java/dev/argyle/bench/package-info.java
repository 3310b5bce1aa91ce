/**
 * JMH microbenchmarks of the wire codec in {@code argyle-protocol}: decode and encode of every message, with
 * prebuilt buffers so that the harness allocates nothing of its own ({@code -prof gc} then shows only what the
 * codec allocates). Depends on argyle-protocol and JMH only. Run with {@code scripts/jmh.sh}.
 */
package dev.argyle.bench;

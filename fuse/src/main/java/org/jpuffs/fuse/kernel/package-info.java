/**
 * The FUSE kernel protocol (go-fuse's {@code fuse} package): opcodes, the request and reply structs of
 * {@code linux/fuse.h} encoded by hand in little-endian ByteBuffers, {@code /dev/fuse} I/O and mounting through JNA.
 * Imports nothing from the engine.
 */
package org.jpuffs.fuse.kernel;

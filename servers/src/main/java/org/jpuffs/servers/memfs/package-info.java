/**
 * memfs: an in-memory puffs server with POSIX semantics, the reference every other server is compared with.
 * {@link org.jpuffs.servers.memfs.MemFs} is the only public class; the rest are its parts (nodes, directories, sparse
 * file data, permissions, advisory locks, capacity, the snapshot format).
 */
package org.jpuffs.servers.memfs;

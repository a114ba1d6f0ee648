/**
 * The Linux kernel as a puffs client: the FUSE kernel protocol spoken over {@code /dev/fuse} (package
 * {@code kernel}: wire structs, the device, mounting), mapped onto the Vfs API here: {@link org.jpuffs.fuse.FuseMount}
 * mounts a jpuffs {@code Mount} on a directory, {@code VnodeBridge} turns requests into vnode ops, {@code NodeTable}
 * keeps the kernel's node ids and lookup counts on vnode references.
 */
package org.jpuffs.fuse;

/**
 * The Linux kernel as a puffs client: the FUSE kernel protocol spoken over {@code /dev/fuse}, mapped onto the Vfs
 * API. Filled in by the FUSE issue.
 */
package org.jpuffs.fuse;

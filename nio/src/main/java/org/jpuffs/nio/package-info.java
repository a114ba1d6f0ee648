/**
 * A {@code java.nio.file} provider (scheme {@code puffs}) over puffs mounts, cut like Jimfs: the public surface is
 * {@link org.jpuffs.nio.PuffsFileSystemProvider}, {@link org.jpuffs.nio.PuffsFileSystem},
 * {@link org.jpuffs.nio.PuffsPath} and {@link org.jpuffs.nio.PuffsFileSystems} (env keys, {@code wrap}); everything
 * else is package-private: path walks ({@code VnodeTree}), namespace ops ({@code Namespace}), opening
 * ({@code FileOpener}), the channel, one class per attribute view, the watch service, errno mapping
 * ({@code Errnos}). Every operation is vnode ops of {@link org.jpuffs.engine.Vnode}; see docs/nio.md.
 */
package org.jpuffs.nio;

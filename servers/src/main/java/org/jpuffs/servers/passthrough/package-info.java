/**
 * The passthrough server: a host directory served through puffs, the role of NetBSD's null layer
 * ({@code puffs_null}). {@link org.jpuffs.servers.passthrough.PassthroughFs} is the server; the other classes are its
 * parts, one job each: safe name resolution ({@code HostPaths}), cookie → path ({@code CookieMap}), vattrs from
 * {@code unix:} attributes ({@code HostAttributes}), credential checks ({@code Permissions}), SETATTR
 * ({@code AttributeChanges}), file data ({@code HostFiles}), READDIR offsets ({@code DirectoryOffsets}), advisory
 * locks ({@code LockTable}), extended attributes ({@code HostXattrs}), FIFOs and devices ({@code SpecialFiles}), file
 * handles ({@code FileHandles}), cache invalidation for changes behind the server's back ({@code HostWatcher}) and the
 * one IOException → errno mapping ({@code HostErrors}).
 */
package org.jpuffs.servers.passthrough;

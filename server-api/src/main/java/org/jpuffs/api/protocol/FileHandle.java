package org.jpuffs.api.protocol;

import java.util.Objects;

/**
 * A file handle: the server's opaque, persistent name for a node ({@code fs_nodetofh} makes one, {@code fs_fhtonode}
 * resolves it), as used for NFS export. Its size is the server's handle size; the engine adds puffs' 4-byte overlay
 * when it compares sizes with {@code FHANDLE_SIZE_MAX}.
 *
 * @param data the handle's bytes
 */
public record FileHandle(Bytes data) implements PuffsSerializable {
  public FileHandle {
    Objects.requireNonNull(data, "data");
  }

  /** A handle made of a copy of {@code data}. */
  public static FileHandle of(byte[] data) {
    return new FileHandle(Bytes.of(data));
  }

  /** The handle's size in bytes. */
  public int size() {
    return data.size();
  }
}

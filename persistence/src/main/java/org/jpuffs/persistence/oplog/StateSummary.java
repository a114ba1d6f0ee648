package org.jpuffs.persistence.oplog;

import java.util.List;
import java.util.Objects;
import org.jpuffs.api.protocol.VType;

/**
 * The file tree of a mount as a session left it, recorded at unmount at record level {@code full} so a replay can
 * compare its own final state (DESIGN.md, "Sessions"). Times are left out on purpose: a replay cannot reproduce them.
 *
 * @param entries every entry reachable from the root, sorted by path; the root itself is {@code "/"}
 */
public record StateSummary(List<Entry> entries) {

  public StateSummary {
    entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
  }

  /**
   * One file, directory or other node.
   *
   * @param path the absolute path within the mount
   * @param type the node's type
   * @param size the size in bytes
   * @param mode the permission bits
   * @param contentSha256 hex SHA-256 of a regular file's content or a symlink's target; empty for other types
   */
  public record Entry(String path, VType type, long size, int mode, String contentSha256) {
    public Entry {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(contentSha256, "contentSha256");
    }
  }
}

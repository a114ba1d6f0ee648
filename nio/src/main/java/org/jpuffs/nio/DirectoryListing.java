package org.jpuffs.nio;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.engine.Vnode;

/** READDIR from offset 0 until the server says eof: a directory's entries without {@code .} and {@code ..}. */
final class DirectoryListing {

  /** Bytes of entries asked for per READDIR. */
  private static final long RESID = 64 * 1024;

  private DirectoryListing() {}

  static List<DirEntry> read(Vnode dir, Cred cred, VnodeTree tree) throws InterruptedIOException {
    List<DirEntry> entries = new ArrayList<>();
    long offset = 0;
    while (true) {
      long from = offset;
      OpReply.Entries reply = tree.await(() -> dir.readdir(from, RESID, 0, cred));
      for (DirEntry entry : reply.entries()) {
        if (!entry.name().equals(".") && !entry.name().equals("..")) {
          entries.add(entry);
        }
      }
      if (reply.eof() || reply.entries().isEmpty()) {
        return entries;
      }
      offset = reply.offset();
    }
  }

  /** Keeps {@link IOException} in the signature for callers that map errnos. */
  static List<DirEntry> readMapped(Vnode dir, Cred cred, VnodeTree tree, PuffsPath path) throws IOException {
    try {
      return read(dir, cred, tree);
    } catch (org.jpuffs.api.protocol.PuffsException e) {
      throw Errnos.toException(e.errno(), path);
    }
  }
}

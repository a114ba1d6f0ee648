package org.jpuffs.fuse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.DirEntry;
import org.jpuffs.api.protocol.OpReply;
import org.jpuffs.engine.Vnode;
import org.jpuffs.fuse.kernel.FuseReply;
import org.jpuffs.fuse.kernel.FuseRequest;
import org.jpuffs.fuse.kernel.Wire;

/**
 * READDIR and READDIRPLUS on puffs READDIR. FUSE's offset is where the kernel continues, so each entry carries the
 * server's directory cookie for the entry after it; nothing is kept between requests. The puffs buffer asked for is
 * smaller than the kernel's, so every entry the server returns fits in the FUSE answer.
 */
final class DirectoryReader {
  /** Makes the entry_out of a looked-up node and remembers it (the bridge's entry). */
  @FunctionalInterface
  interface EntryMaker {
    CompletionStage<ByteBuffer> entry(Vnode node, long parent, String name, Cred cred);
  }

  private static final int MIN_RESID = 512;

  private final EntryMaker entries;

  DirectoryReader(EntryMaker entries) {
    this.entries = entries;
  }

  CompletionStage<FuseReply> readdir(Vnode dir, FuseRequest in, Cred cred, boolean plus) {
    in.u64();
    long offset = in.u64();
    int size = in.u32();
    // A fuse_dirent is at most twice a puffs dirent; a direntplus adds a 128-byte entry_out (~6x).
    int resid = Math.max(MIN_RESID, plus ? size / 8 : size / 2);
    return dir.readdir(offset, resid, resid, cred).thenCompose(listing -> plus
        ? plus(dir, in.nodeid(), listing, size, cred)
        : CompletableFuture.completedFuture(plain(listing, size)));
  }

  private static FuseReply plain(OpReply.Entries listing, int size) {
    ByteBuffer out = FuseReply.allocate(size);
    List<DirEntry> list = listing.entries();
    for (int i = 0; i < list.size(); i++) {
      DirEntry e = list.get(i);
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      if (out.remaining() < Wire.direntSize(name)) {
        break;
      }
      Wire.dirent(out, e.fileno(), next(listing, i), Attributes.direntType(e.type()), name);
    }
    return FuseReply.Payload.of(out);
  }

  /**
   * Every entry but "." and ".." is looked up, which gives the kernel a lookup count on it; entries that do not fit
   * are not looked up, so no count is given that the kernel does not know about.
   */
  private CompletionStage<FuseReply> plus(Vnode dir, long dirId, OpReply.Entries listing, int size, Cred cred) {
    List<DirEntry> list = listing.entries();
    List<CompletionStage<ByteBuffer>> looked = new ArrayList<>();
    int used = 0;
    int count = 0;
    for (DirEntry e : list) {
      int need = Wire.DIRENTPLUS + Wire.direntSize(e.name().getBytes(StandardCharsets.UTF_8)) - Wire.DIRENT;
      if (used + need > size) {
        break;
      }
      used += need;
      count++;
      looked.add(isDot(e.name()) ? CompletableFuture.completedFuture(null)
          : dir.lookup(e.name(), cred).thenCompose(node -> entries.entry(node, dirId, e.name(), cred))
              .exceptionally(failure -> null));
    }
    int n = count;
    return CompletableFuture.allOf(looked.stream().map(CompletionStage::toCompletableFuture)
        .toArray(CompletableFuture[]::new)).thenApply(all -> {
          ByteBuffer out = FuseReply.allocate(size);
          for (int i = 0; i < n; i++) {
            DirEntry e = list.get(i);
            ByteBuffer entry = looked.get(i).toCompletableFuture().join();
            if (entry == null) {
              // "." and "..", or a name gone meanwhile: node id 0 makes the kernel skip the entry part.
              out.put(new byte[Wire.ENTRY_OUT]);
            } else {
              out.put(entry.flip());
            }
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            Wire.dirent(out, e.fileno(), next(listing, i), Attributes.direntType(e.type()), name);
          }
          return FuseReply.Payload.of(out);
        });
  }

  private static boolean isDot(String name) {
    return name.equals(".") || name.equals("..");
  }

  /** Where the kernel continues after entry {@code i}: the server's cookie, or the listing's end offset. */
  private static long next(OpReply.Entries listing, int i) {
    return listing.cookies().size() == listing.entries().size() ? listing.cookies().get(i) : listing.offset();
  }
}

package org.jpuffs.engine.node.cache;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.api.protocol.Bytes;

/**
 * The page cache of one regular file: immutable 4 KiB pages that client threads read without a message; the node's
 * actor is the only writer. The cache is write-through — every write reaches the server before it is answered, and
 * the pages take the written bytes as it is sent — so every page is clean and the server always knows the file's
 * real size, holes included.
 *
 * <p>A page holds {@code length} valid bytes; a page shorter than {@value #PAGE} is the file's last (end of file
 * lies inside it) and bytes past its length are zero. A read is a hit only when every page it touches is present,
 * stopping at the end-of-file page. Reads that the server answers fill pages only if nothing changed the file in
 * between (the {@link #generation}): a reply to a read that raced a write must not put old bytes back.
 */
public final class FilePages {
  /** The page size: the unit of caching and of aligned reads. */
  public static final int PAGE = 4096;

  /** One page: {@code data} is {@value #PAGE} bytes, zero past {@code length}. */
  private record Page(byte[] data, int length) {}

  private final MountCaches mount;
  private final ConcurrentHashMap<Long, Page> pages = new ConcurrentHashMap<>();
  private volatile boolean enabled;
  private long generation;
  /** The index of the present page shorter than PAGE (end of file), or -1. Actor only. */
  private long eofPage = -1;

  FilePages(MountCaches mount) {
    this.mount = mount;
  }

  // ---- readers (any thread) ----

  /** {@code true} while reads may be answered from pages (not NOCACHE_PAGE, not opened IO_DIRECT, not closed). */
  public boolean isEnabled() {
    return enabled;
  }

  /** The bytes of {@code [offset, offset + length)} (short at end of file), or null unless every page is here. */
  public Bytes read(long offset, int length) {
    if (!enabled || length <= 0 || offset < 0) {
      return null;
    }
    byte[] out = new byte[length];
    int got = 0;
    long pos = offset;
    long end = offset + length;
    while (pos < end) {
      Page page = pages.get(pos / PAGE);
      if (page == null) {
        return null;
      }
      int in = (int) (pos % PAGE);
      int n = (int) Math.min(page.length() - in, end - pos);
      if (n <= 0) {
        break;
      }
      System.arraycopy(page.data(), in, out, got, n);
      got += n;
      pos += n;
      if (page.length() < PAGE) {
        break;
      }
    }
    return Bytes.adopt(got == length ? out : Arrays.copyOf(out, got));
  }

  /** How many pages are cached, for tests and statistics. */
  public int pageCount() {
    return pages.size();
  }

  // ---- writers (the node's actor only) ----

  /** Turns the cache on or off; off drops every page. */
  public void setEnabled(boolean on) {
    if (!on) {
      clear();
    }
    enabled = on;
  }

  /** The file's change count: a read reply may fill pages only if it is still what it was when the read was sent. */
  public long generation() {
    return generation;
  }

  /** Something is about to change the file in a way the pages cannot follow yet: replies now in flight are stale. */
  public void changing() {
    generation++;
  }

  /**
   * The server answered a READ of {@code requested} bytes at page-aligned {@code offset} with {@code data}, sent at
   * {@code sentAt}: its whole pages are kept, and a short answer's last page as the end-of-file page.
   */
  public void filled(long offset, int requested, Bytes data, long sentAt) {
    if (!enabled || sentAt != generation || offset % PAGE != 0) {
      return;
    }
    int size = data.size();
    makeRoom(((long) size + PAGE - 1) / PAGE * PAGE);
    for (int at = 0; at < size; at += PAGE) {
      int n = Math.min(PAGE, size - at);
      if (n < PAGE && size == requested) {
        break;
      }
      byte[] page = new byte[PAGE];
      data.copyTo(at, page, 0, n);
      put(offset / PAGE + at / PAGE, new Page(page, n));
    }
  }

  /** A WRITE of {@code data} at {@code offset} is being sent: the pages it touches take its bytes. */
  public void written(long offset, Bytes data) {
    generation++;
    if (!enabled || data.size() == 0) {
      return;
    }
    long end = offset + data.size();
    long first = offset / PAGE;
    long last = (end - 1) / PAGE;
    long oldEof = eofPage;
    if (oldEof >= 0 && oldEof < first) {
      // The file ended before this write: its old last page is now whole, zero past its old end (a hole).
      Page old = pages.get(oldEof);
      put(oldEof, new Page(old.data(), PAGE));
    }
    for (long index = first; index <= last; index++) {
      long start = index * PAGE;
      int from = (int) (Math.max(offset, start) - start);
      int to = (int) (Math.min(end, start + PAGE) - start);
      Page old = pages.get(index);
      byte[] page;
      int length;
      if (old != null) {
        page = old.data().clone();
        length = Math.max(old.length(), to);
      } else if ((from == 0 && to == PAGE) || (oldEof >= 0 && oldEof < index)) {
        // Wholly written, or past the old end of file, where the unwritten bytes are a hole of zeros.
        page = new byte[PAGE];
        length = to;
      } else {
        continue;
      }
      data.copyTo((int) (start + from - offset), page, from, to - from);
      put(index, new Page(page, length));
    }
  }

  /** A SETATTR made the file {@code size} bytes: pages past it go, the last one is cut and its tail zeroed. */
  public void truncated(long size) {
    generation++;
    for (Iterator<Map.Entry<Long, Page>> it = pages.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Long, Page> entry = it.next();
      long start = entry.getKey() * PAGE;
      Page page = entry.getValue();
      if (start >= size) {
        remove(entry.getKey());
        continue;
      }
      int length = (int) Math.min(PAGE, size - start);
      if (length != page.length()) {
        byte[] data = page.data().clone();
        if (length < page.length()) {
          Arrays.fill(data, length, PAGE, (byte) 0);
        }
        put(entry.getKey(), new Page(data, length));
      }
    }
  }

  /** INVAL_PAGECACHE_NODE_RANGE: the pages touching {@code [start, end)} go; {@code end} 0 is the whole file. */
  public void invalidate(long start, long end) {
    generation++;
    if (end == 0) {
      clear();
      return;
    }
    for (long index = start / PAGE; index <= (end - 1) / PAGE; index++) {
      remove(index);
    }
  }

  /** Forgets every page. */
  public void clear() {
    generation++;
    for (Long index : pages.keySet()) {
      remove(index);
    }
    eofPage = -1;
  }

  private void put(long index, Page page) {
    Page old = pages.put(index, page);
    if (old == null) {
      mount.pageBytesChanged(PAGE);
    }
    if (page.length() < PAGE) {
      if (eofPage >= 0 && eofPage != index) {
        // Only one page can hold the end of file; an older claim is stale.
        remove(eofPage);
      }
      eofPage = index;
    } else if (eofPage == index) {
      eofPage = -1;
    }
  }

  private void remove(long index) {
    if (pages.remove(index) != null) {
      mount.pageBytesChanged(-PAGE);
    }
    if (eofPage == index) {
      eofPage = -1;
    }
  }

  /** Over the mount's bound, this file's own pages make way first (they are all clean: the cache writes through). */
  private void makeRoom(long needed) {
    if (mount.pageBytes() + needed > mount.settings().pageCacheBytes()) {
      clear();
    }
  }
}

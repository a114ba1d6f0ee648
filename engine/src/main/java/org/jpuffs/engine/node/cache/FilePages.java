package org.jpuffs.engine.node.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jpuffs.api.protocol.Bytes;

/**
 * The page cache of one regular file: immutable 4 KiB pages that client threads read without a message; the node's
 * actor is the only writer. Written bytes go into the pages as the write is accepted: with write-back the page is
 * dirty until the actor pushes it ({@link #takeDirty}); with write-through the WRITE is sent at once and the page
 * is clean. A dirty page is always whole (every byte below its length known), so pushing it never needs a read.
 *
 * <p>A page holds {@code length} valid bytes; a page shorter than {@value #PAGE} is the file's last (end of file
 * lies inside it) and bytes past its length are zero. A read is a hit only when every page it touches is present,
 * stopping at the end-of-file page. Reads that the server answers fill pages only if nothing changed the file in
 * between (the {@link #generation}): a reply to a read that raced a write must not put old bytes back.
 */
public final class FilePages {
  /** The page size: the unit of caching and of aligned reads. */
  public static final int PAGE = 4096;

  /** One page: {@code data} is {@value #PAGE} bytes, zero past {@code length}; dirty until pushed. */
  private record Page(byte[] data, int length, boolean dirty) {}

  /**
   * Dirty bytes to push with one or more WRITEs: consecutive pages, up to the end of file.
   *
   * @param offset where they go
   * @param data the bytes
   */
  public record DirtyRun(long offset, byte[] data) {}

  private final MountCaches mount;
  private final ConcurrentHashMap<Long, Page> pages = new ConcurrentHashMap<>();
  /** Whether this file is in the mount's queue of files holding pages. */
  final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();
  /** Asks this file's actor to drop its clean pages (the mount's memory bound); set by the actor. */
  private volatile Runnable evictor = () -> { };
  private volatile boolean enabled;
  private long generation;
  /** The index of the present page shorter than PAGE (end of file), or -1. Actor only. */
  private long eofPage = -1;
  /** Dirty pages now. Actor only. */
  private int dirtyPages;

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
    // First the pages (so that a huge length on a small file costs what the file holds), then one copy.
    List<Page> found = new ArrayList<>();
    int got = 0;
    long pos = offset;
    long end = offset + length;
    while (pos < end) {
      Page page = pages.get(pos / PAGE);
      if (page == null) {
        return null;
      }
      int n = (int) Math.min(page.length() - pos % PAGE, end - pos);
      if (n <= 0) {
        break;
      }
      found.add(page);
      got += n;
      pos += n;
      if (page.length() < PAGE) {
        break;
      }
    }
    byte[] out = new byte[got];
    int at = 0;
    pos = offset;
    for (Page page : found) {
      int in = (int) (pos % PAGE);
      int n = Math.min(page.length() - in, got - at);
      System.arraycopy(page.data(), in, out, at, n);
      at += n;
      pos += n;
    }
    return Bytes.adopt(out);
  }

  /** Bytes in dirty pages (whole pages). Actor only. */
  public long dirtyBytes() {
    return (long) dirtyPages * PAGE;
  }

  /** How many pages are cached, for tests and statistics. */
  public int pageCount() {
    return pages.size();
  }

  // ---- writers (the node's actor only) ----

  /** What another file runs to make this one give up its clean pages: a message to this file's actor. */
  public void setEvictor(Runnable evictor) {
    this.evictor = evictor;
  }

  void evict() {
    if (enabled) {
      evictor.run();
    }
  }

  /** Turns the cache on or off; off drops every page. */
  public void setEnabled(boolean on) {
    if (!on) {
      clear();
      mount.forget(this);
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
    mount.holding(this);
    for (int at = 0; at < size; at += PAGE) {
      int n = Math.min(PAGE, size - at);
      if (n < PAGE && size == requested) {
        break;
      }
      long index = offset / PAGE + at / PAGE;
      Page old = pages.get(index);
      if (old != null && old.dirty()) {
        continue;
      }
      byte[] page = new byte[PAGE];
      data.copyTo(at, page, 0, n);
      put(index, new Page(page, n, false));
    }
  }

  /**
   * {@code data} is written at {@code offset}: the pages it touches take its bytes, dirty if {@code dirty} (write-back)
   * and clean if the WRITE is being sent (write-through). A page that is not here is made if the write covers it, or
   * if everything it does not cover lies past {@code knownSize}, the file's size as far as this node knows (-1 if it
   * does not), and so is zero. Returns {@code true} if every touched page is here now, so a write-back write was
   * absorbed whole; {@code false} means the caller must send it.
   */
  public boolean written(long offset, Bytes data, long knownSize, boolean dirty) {
    generation++;
    if (!enabled || data.size() == 0) {
      return false;
    }
    boolean whole = true;
    long end = offset + data.size();
    long first = offset / PAGE;
    long last = (end - 1) / PAGE;
    makeRoom((last - first + 1) * PAGE);
    mount.holding(this);
    long oldEof = eofPage;
    if (oldEof >= 0 && oldEof < first) {
      // The file ended before this write: its old last page is now whole, zero past its old end (a hole).
      Page old = pages.get(oldEof);
      put(oldEof, new Page(old.data(), PAGE, old.dirty()));
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
      } else if ((from == 0 && to == PAGE) || (oldEof >= 0 && oldEof < index)
          || restIsPastEnd(start, from, to, knownSize)) {
        // Wholly written, or the unwritten bytes lie past the end of file and are a hole of zeros.
        page = new byte[PAGE];
        length = to;
      } else {
        whole = false;
        continue;
      }
      data.copyTo((int) (start + from - offset), page, from, to - from);
      put(index, new Page(page, length, dirty || (old != null && old.dirty())));
    }
    return whole;
  }

  /** Whether the bytes of page {@code start} outside {@code [from, to)} all lie at or past {@code size}. */
  private static boolean restIsPastEnd(long start, int from, int to, long size) {
    if (size < 0) {
      return false;
    }
    boolean head = from == 0 || start >= size;
    boolean tail = to == PAGE || start + to >= size;
    return head && tail;
  }

  /**
   * The dirty pages as runs of consecutive bytes, in file order; they are clean from now on (the caller sends them).
   * A run ends at a gap or at the end-of-file page.
   */
  public List<DirtyRun> takeDirty() {
    List<DirtyRun> runs = new ArrayList<>();
    if (dirtyPages == 0) {
      return runs;
    }
    long[] indexes = pages.entrySet().stream().filter(e -> e.getValue().dirty()).mapToLong(Map.Entry::getKey)
        .sorted().toArray();
    int i = 0;
    while (i < indexes.length) {
      int j = i;
      while (j + 1 < indexes.length && indexes[j + 1] == indexes[j] + 1
          && pages.get(indexes[j]).length() == PAGE) {
        j++;
      }
      int bytes = (j - i) * PAGE + pages.get(indexes[j]).length();
      byte[] run = new byte[bytes];
      for (int k = i; k <= j; k++) {
        Page page = pages.get(indexes[k]);
        System.arraycopy(page.data(), 0, run, (k - i) * PAGE, page.length());
        put(indexes[k], new Page(page.data(), page.length(), false));
      }
      runs.add(new DirtyRun(indexes[i] * PAGE, run));
      i = j + 1;
    }
    return runs;
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
        put(entry.getKey(), new Page(data, length, page.dirty()));
      }
    }
  }

  /**
   * INVAL_PAGECACHE_NODE_RANGE: the clean pages touching {@code [start, end)} go ({@code end} 0 is the whole file);
   * dirty ones stay, since they hold bytes the server has not seen yet.
   */
  public void invalidate(long start, long end) {
    generation++;
    long last = end == 0 ? Long.MAX_VALUE : (end - 1) / PAGE;
    for (Long index : pages.keySet()) {
      if (index >= start / PAGE && index <= last && !pages.get(index).dirty()) {
        remove(index);
      }
    }
  }

  /** {@code true} if some page holds bytes the server has not seen. */
  public boolean hasDirty() {
    return dirtyPages > 0;
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
    dirtyPages += (page.dirty() ? 1 : 0) - (old != null && old.dirty() ? 1 : 0);
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
    Page old = pages.remove(index);
    if (old != null) {
      mount.pageBytesChanged(-PAGE);
      dirtyPages -= old.dirty() ? 1 : 0;
    }
    if (eofPage == index) {
      eofPage = -1;
    }
  }

  /**
   * Over the mount's bound, the files that filled pages longest ago are asked to drop their clean pages (they do so
   * on their own actors, so the bound is a soft one); if that is not enough, this file's own clean pages make way.
   * Dirty pages are never dropped: they are at most 64 KiB a file and wait for their push.
   */
  private void makeRoom(long needed) {
    if (!mount.makeRoom(this, needed)) {
      invalidate(0, 0);
    }
  }
}

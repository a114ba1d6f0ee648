package org.jpuffs.engine.node.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jpuffs.api.protocol.Bytes;

/**
 * The page cache of one regular file: immutable 4 KiB pages that client threads read without a message; the node's
 * actor is the only writer, but for one thing: another file that needs memory may drop this file's clean pages
 * ({@link PageMemory}), with a compare-and-remove that can only take a page that is still the clean one it saw.
 * Written bytes go into the pages as the write is accepted: with write-back the page is dirty until the actor pushes
 * it ({@link #takeDirty}); with write-through the WRITE is sent at once and the page is clean.
 *
 * <p>A page holds {@code length} valid bytes; a page shorter than {@value #PAGE} is the file's last (end of file
 * lies inside it) and bytes past its length are zero. A write-back write into a page that is not here and whose
 * other bytes the engine does not know (they are the server's) makes a <em>partial</em> page: only the written bytes
 * are known ({@code known}), a read is a hit only inside them, and a push sends only them — never a stale or zero
 * byte over the server's. A read is a hit only when every page it touches is present, stopping at the end-of-file
 * page. Reads that the server answers fill pages only if nothing changed the file in between (the
 * {@link #generation}): a reply to a read that raced a write must not put old bytes back.
 */
public final class FilePages {
  /** The page size: the unit of caching and of aligned reads. */
  public static final int PAGE = 4096;

  /**
   * One page: {@code data} is {@value #PAGE} bytes, zero past {@code length}; dirty until pushed. A partial page has
   * the bytes it knows in {@code known} (never changed once published), a whole one null.
   */
  private record Page(byte[] data, int length, boolean dirty, BitSet known) {
    boolean isPartial() {
      return known != null;
    }

    /** Whether {@code [from, to)} of this page is known. */
    boolean knows(int from, int to) {
      return known == null ? to <= length : known.nextClearBit(from) >= to;
    }
  }

  /**
   * Dirty bytes to push with one or more WRITEs: consecutive bytes, up to the end of file.
   *
   * @param offset where they go
   * @param data the bytes
   */
  public record DirtyRun(long offset, byte[] data) {}

  private final PageMemory memory;
  private final ConcurrentHashMap<Long, Page> pages = new ConcurrentHashMap<>();
  /** Whether this file is in the memory's queue of files holding pages. */
  final AtomicBoolean queued = new AtomicBoolean();
  /** Asks this file's actor to push its dirty pages (the engine's memory is over its bound); set by the actor. */
  private volatile Runnable pusher = () -> { };
  private volatile boolean enabled;
  private long generation;
  /** The index of the page shorter than PAGE (end of file), or -1; the page may have been dropped since. Actor only. */
  private long eofPage = -1;
  /** Dirty pages now. Written by the actor, read by others asking whether to relieve the memory. */
  private volatile int dirtyPages;

  FilePages(MountCaches mount) {
    this.memory = mount.pageMemory();
  }

  // ---- readers (any thread) ----

  /** {@code true} while reads may be answered from pages (not NOCACHE_PAGE, not opened IO_DIRECT, not closed). */
  public boolean isEnabled() {
    return enabled;
  }

  /** The bytes of {@code [offset, offset + length)} (short at end of file), or null unless every byte is here. */
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
      int in = (int) (pos % PAGE);
      int n = (int) Math.min(page.length() - in, end - pos);
      if (page.isPartial() && !page.knows(in, in + n)) {
        return null;
      }
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

  /** Bytes in dirty pages (whole pages). */
  public long dirtyBytes() {
    return (long) dirtyPages * PAGE;
  }

  /** {@code true} if some page holds bytes the server has not seen. */
  public boolean hasDirty() {
    return dirtyPages > 0;
  }

  /** How many pages are cached, for tests and statistics. */
  public int pageCount() {
    return pages.size();
  }

  /** How many pages hold only some of their bytes (written where the rest was not known), for tests. */
  public int partialPageCount() {
    return (int) pages.values().stream().filter(Page::isPartial).count();
  }

  /** The engine's page memory this file takes from. */
  public PageMemory memory() {
    return memory;
  }

  /**
   * Drops clean pages until {@code wanted} bytes are free or none is left; any thread (the memory bound). Returns
   * the bytes freed.
   */
  long dropClean(long wanted) {
    long freed = 0;
    for (Map.Entry<Long, Page> entry : pages.entrySet()) {
      if (freed >= wanted) {
        break;
      }
      Page page = entry.getValue();
      if (!page.dirty() && pages.remove(entry.getKey(), page)) {
        memory.changed(-PAGE);
        freed += PAGE;
      }
    }
    return freed;
  }

  /** Once pushes made dirty pages clean: if the memory is still over its bound, this file's clean pages go. */
  public void dropCleanOverBound() {
    long over = memory.used() - memory.bound();
    if (over > 0) {
      dropClean(over);
    }
  }

  void askToPush() {
    if (enabled) {
      pusher.run();
    }
  }

  // ---- writers (the node's actor only) ----

  /** What another file runs to make this one push its dirty pages: a message to this file's actor. */
  public void setPusher(Runnable pusher) {
    this.pusher = pusher;
  }

  /** Turns the cache on or off; off drops every page. */
  public void setEnabled(boolean on) {
    if (!on) {
      clear();
      memory.forget(this);
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
   * {@code sentAt}: its whole pages are kept, and a short answer's last page as the end-of-file page, if the memory
   * has room for them.
   */
  public void filled(long offset, int requested, Bytes data, long sentAt) {
    if (!enabled || sentAt != generation || offset % PAGE != 0) {
      return;
    }
    int size = data.size();
    if (!memory.reserve(this, ((long) size + PAGE - 1) / PAGE * PAGE)) {
      // Only dirty pages are left in the memory: the answer goes to the client without being kept.
      memory.relieve(this);
      return;
    }
    memory.holding(this);
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
      put(index, new Page(page, n, false, null));
    }
  }

  /**
   * {@code data} is written at {@code offset}: the pages it touches take its bytes, dirty if {@code dirty}
   * (write-back) and clean if the WRITE is being sent (write-through). A page that is not here is made whole if the
   * write covers it, or if everything it does not cover lies past {@code knownSize}, the file's size as far as this
   * node knows (-1 if it does not), and so is zero; otherwise a write-back write makes it a partial page holding
   * only the written bytes, and a write-through write leaves it out. Returns {@code true} if every touched page holds
   * the write now, so a write-back write was absorbed whole; {@code false} means the caller must send it.
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
    // Dirty bytes are kept even over the bound (they are the only copy); the actor then pushes them.
    boolean room = memory.reserve(this, (last - first + 1) * PAGE);
    memory.holding(this);
    long oldEof = eofPage;
    if (oldEof >= 0 && oldEof < first) {
      // The file ended before this write: its old last page is now whole, zero past its old end (a hole).
      Page old = pages.get(oldEof);
      if (old != null) {
        put(oldEof, new Page(old.data(), PAGE, old.dirty(), null));
      }
    }
    for (long index = first; index <= last; index++) {
      long start = index * PAGE;
      int from = (int) (Math.max(offset, start) - start);
      int to = (int) (Math.min(end, start + PAGE) - start);
      Page old = pages.get(index);
      byte[] page;
      int length;
      BitSet known = null;
      if (old == null && !dirty && !room) {
        whole = false;
        continue;
      }
      if (old != null && !old.isPartial()) {
        page = old.data().clone();
        length = Math.max(old.length(), to);
      } else if (old == null && ((from == 0 && to == PAGE) || (oldEof >= 0 && oldEof < index)
          || restIsPastEnd(start, from, to, knownSize))) {
        // Wholly written, or the unwritten bytes lie past the end of file and are a hole of zeros.
        page = new byte[PAGE];
        length = to;
      } else if (dirty || old != null) {
        // The other bytes are the server's and not here: only the written ones are known (and pushed).
        page = old == null ? new byte[PAGE] : old.data().clone();
        known = old == null ? new BitSet(PAGE) : (BitSet) old.known().clone();
        known.set(from, to);
        length = PAGE;
        if (known.nextClearBit(0) >= PAGE) {
          known = null;
        }
      } else {
        whole = false;
        continue;
      }
      data.copyTo((int) (start + from - offset), page, from, to - from);
      put(index, new Page(page, length, dirty || (old != null && old.dirty()), known));
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

  /** Every dirty page as runs to push; see {@link #takeDirty(long, long)}. */
  public List<DirtyRun> takeDirty() {
    return takeDirty(0, 0);
  }

  /**
   * The dirty pages touching {@code [start, end)} ({@code end} 0: to the end of file) as runs of consecutive bytes,
   * in file order; they are clean from now on (the caller sends them), and partial pages are dropped (their unknown
   * bytes cannot be read from here). A run ends at a gap, at the end-of-file page and around a partial page, which
   * gives one run per stretch of written bytes.
   */
  public List<DirtyRun> takeDirty(long start, long end) {
    List<DirtyRun> runs = new ArrayList<>();
    if (dirtyPages == 0) {
      return runs;
    }
    long firstIndex = start / PAGE;
    long lastIndex = end == 0 ? Long.MAX_VALUE : (end - 1) / PAGE;
    long[] indexes = pages.entrySet().stream()
        .filter(e -> e.getValue().dirty() && e.getKey() >= firstIndex && e.getKey() <= lastIndex)
        .mapToLong(Map.Entry::getKey).sorted().toArray();
    int i = 0;
    while (i < indexes.length) {
      Page page = pages.get(indexes[i]);
      if (page.isPartial()) {
        for (int from = page.known().nextSetBit(0); from >= 0; from = page.known().nextSetBit(from)) {
          int to = page.known().nextClearBit(from);
          runs.add(new DirtyRun(indexes[i] * PAGE + from, Arrays.copyOfRange(page.data(), from, to)));
          from = to;
        }
        remove(indexes[i]);
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < indexes.length && indexes[j + 1] == indexes[j] + 1
          && pages.get(indexes[j]).length() == PAGE && !pages.get(indexes[j + 1]).isPartial()) {
        j++;
      }
      int bytes = (j - i) * PAGE + pages.get(indexes[j]).length();
      byte[] run = new byte[bytes];
      for (int k = i; k <= j; k++) {
        Page taken = pages.get(indexes[k]);
        System.arraycopy(taken.data(), 0, run, (k - i) * PAGE, taken.length());
        put(indexes[k], new Page(taken.data(), taken.length(), false, null));
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
      if (page.isPartial()) {
        if (length < PAGE && page.known().nextSetBit(length) >= 0) {
          BitSet known = (BitSet) page.known().clone();
          known.clear(length, PAGE);
          byte[] data = page.data().clone();
          Arrays.fill(data, length, PAGE, (byte) 0);
          if (known.isEmpty()) {
            remove(entry.getKey());
          } else {
            put(entry.getKey(), new Page(data, PAGE, page.dirty(), known));
          }
        }
      } else if (length != page.length()) {
        byte[] data = page.data().clone();
        if (length < page.length()) {
          Arrays.fill(data, length, PAGE, (byte) 0);
        }
        put(entry.getKey(), new Page(data, length, page.dirty(), null));
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
      Page page = pages.get(index);
      if (index >= start / PAGE && index <= last && page != null && !page.dirty()) {
        remove(index);
      }
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
      memory.changed(PAGE);
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
      memory.changed(-PAGE);
      dirtyPages -= old.dirty() ? 1 : 0;
    }
    if (eofPage == index) {
      eofPage = -1;
    }
  }
}

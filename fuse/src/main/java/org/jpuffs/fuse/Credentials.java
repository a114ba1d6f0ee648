package org.jpuffs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jpuffs.api.protocol.Cred;

/**
 * The puffs {@link Cred} of a FUSE request. The header carries uid, gid and pid but no supplementary groups, so
 * those are read from {@code /proc/PID/status} ("Groups:"), and kept briefly per pid: a build runs thousands of
 * requests per process, and reading /proc for each would cost more than the request.
 */
final class Credentials {
  private static final long KEEP_NANOS = 1_000_000_000L;
  private static final int MAX_CACHED = 256;

  private final Path proc;
  private final Map<Integer, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Cached> eldest) {
      return size() > MAX_CACHED;
    }
  };

  private record Cached(Cred cred, long at) {}

  Credentials(Path proc) {
    this.proc = proc;
  }

  /** The credentials of a request from {@code pid} running as {@code uid}/{@code gid}. */
  Cred of(int uid, int gid, int pid) {
    if (pid <= 0) {
      // The kernel's own requests (writeback, forget) carry no process.
      return Cred.user(uid, gid);
    }
    long now = System.nanoTime();
    synchronized (cache) {
      Cached hit = cache.get(pid);
      if (hit != null && hit.cred.uid() == uid && hit.cred.gid() == gid && now - hit.at < KEEP_NANOS) {
        return hit.cred;
      }
    }
    Cred cred = Cred.user(uid, gid, groups(pid).toArray(new Integer[0]));
    synchronized (cache) {
      cache.put(pid, new Cached(cred, now));
    }
    return cred;
  }

  /** The supplementary groups of {@code pid}; none if the process is gone or /proc says nothing. */
  List<Integer> groups(int pid) {
    try {
      for (String line : Files.readAllLines(proc.resolve(Integer.toString(pid)).resolve("status"))) {
        if (line.startsWith("Groups:")) {
          return parseGroups(line.substring("Groups:".length()));
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      return List.of();
    }
    return List.of();
  }

  static List<Integer> parseGroups(String text) {
    List<Integer> groups = new ArrayList<>();
    for (String field : text.trim().split("\\s+")) {
      if (!field.isEmpty()) {
        groups.add(Integer.parseInt(field));
      }
    }
    return groups;
  }
}

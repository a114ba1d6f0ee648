package org.jpuffs.servers.model;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Checks, while a tree is walked, that names share a file id exactly when the model says they are hard links of one
 * node: a model node keeps the first file id seen for it, and a file id belongs to one model node only.
 */
public final class FileIdentities {

  private final Map<ModelFs.Obj, Long> fileids = new IdentityHashMap<>();
  private final Map<Long, ModelFs.Obj> objects = new HashMap<>();

  /** Records that {@code path}, the model's {@code node}, has {@code fileid}; fails on a mismatch. */
  public void check(String path, ModelFs.Obj node, long fileid) {
    Long known = fileids.putIfAbsent(node, fileid);
    if (known != null && known != fileid) {
      throw new AssertionError("/" + path + " should be a hard link of an earlier name: expected file id " + known
          + " but was " + fileid);
    }
    ModelFs.Obj owner = objects.putIfAbsent(fileid, node);
    if (owner != null && owner != node) {
      throw new AssertionError("/" + path + " shares file id " + fileid + " with another node");
    }
  }
}

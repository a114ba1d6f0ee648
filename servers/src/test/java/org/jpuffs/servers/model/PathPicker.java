package org.jpuffs.servers.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jpuffs.api.protocol.VType;

/**
 * Picks paths for randomized model tests from a small pool of names, so that ops collide often: mostly paths the
 * model has, sometimes any path (to hit ENOENT, ENOTDIR and friends). Shared by the server model test and the
 * engine's, which draw from one seeded {@link Random} so that a seed replays the same run.
 */
public final class PathPicker {

  private static final String[] NAMES = {"a", "b", "c", "d"};

  private final ModelFs model;
  private final Random random;

  public PathPicker(ModelFs model, Random random) {
    this.model = model;
    this.random = random;
  }

  /** One name of the pool. */
  public String name() {
    return NAMES[random.nextInt(NAMES.length)];
  }

  /** An existing path most of the time, so that ops succeed often; otherwise any path from the name pool. */
  public String existingOrAny() {
    if (random.nextInt(10) < 6 && model.paths().size() > 1) {
      List<String> existing = new ArrayList<>(model.paths().keySet());
      return existing.get(1 + random.nextInt(existing.size() - 1));
    }
    StringBuilder sb = new StringBuilder(name());
    int depth = random.nextInt(3);
    for (int d = 0; d < depth; d++) {
      sb.append('/').append(name());
    }
    return sb.toString();
  }

  /** Mostly a fresh name in an existing directory; otherwise any path. */
  public String fresh() {
    if (random.nextInt(10) < 7) {
      List<String> dirs = new ArrayList<>();
      for (Map.Entry<String, ModelFs.Obj> e : model.paths().entrySet()) {
        if (e.getValue().type() == VType.VDIR && e.getKey().split("/").length < 3) {
          dirs.add(e.getKey());
        }
      }
      String dir = dirs.get(random.nextInt(dirs.size()));
      String name = name();
      return dir.isEmpty() ? name : dir + "/" + name;
    }
    return existingOrAny();
  }
}

package org.jpuffs.nio;

import java.nio.file.LinkOption;

/** Reads {@link LinkOption}s: the one question they answer is whether a final symlink is followed. */
final class LinkOptions {

  private LinkOptions() {}

  /** {@code false} if {@code options} hold {@link LinkOption#NOFOLLOW_LINKS}. */
  static boolean follow(Object... options) {
    for (Object option : options) {
      if (option == LinkOption.NOFOLLOW_LINKS) {
        return false;
      }
      if (option == null) {
        throw new NullPointerException("null option");
      }
    }
    return true;
  }
}

package org.jpuffs.nio;

import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.jpuffs.api.protocol.IoFlags;
import org.jpuffs.api.protocol.OpenFlags;

/**
 * What a set of {@link OpenOption}s asks for, checked as the default file system checks them: READ unless WRITE or
 * APPEND, APPEND excludes READ and TRUNCATE_EXISTING, CREATE and TRUNCATE_EXISTING only matter when writing.
 */
record OpenMode(boolean read, boolean write, boolean append, boolean create, boolean createNew, boolean truncate,
    boolean follow, boolean deleteOnClose, boolean sync, boolean dsync) {

  static OpenMode of(Set<? extends OpenOption> options) {
    boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    boolean read = options.contains(StandardOpenOption.READ) || !write;
    boolean append = options.contains(StandardOpenOption.APPEND);
    if (append && options.contains(StandardOpenOption.READ)) {
      throw new IllegalArgumentException("READ + APPEND not allowed");
    }
    if (append && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
      throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
    }
    for (OpenOption option : options) {
      if (option == null) {
        throw new NullPointerException("null open option");
      }
      if (!(option instanceof StandardOpenOption) && option != LinkOption.NOFOLLOW_LINKS) {
        throw new UnsupportedOperationException("open option " + option);
      }
    }
    return new OpenMode(read, write, append,
        write && options.contains(StandardOpenOption.CREATE),
        write && options.contains(StandardOpenOption.CREATE_NEW),
        write && options.contains(StandardOpenOption.TRUNCATE_EXISTING),
        !options.contains(LinkOption.NOFOLLOW_LINKS),
        options.contains(StandardOpenOption.DELETE_ON_CLOSE),
        options.contains(StandardOpenOption.SYNC),
        options.contains(StandardOpenOption.DSYNC));
  }

  /** The mode of OPEN and CLOSE ({@code FREAD}, {@code FWRITE}, {@code O_*}). */
  int fflag() {
    return (read ? OpenFlags.FREAD : 0) | (write ? OpenFlags.FWRITE : 0) | (append ? OpenFlags.O_APPEND : 0)
        | (sync ? OpenFlags.O_SYNC : 0) | (dsync ? OpenFlags.O_DSYNC : 0);
  }

  /** The ioflag of this channel's WRITEs: SYNC and DSYNC make every write synchronous. */
  int ioflag() {
    return sync ? IoFlags.IO_SYNC : dsync ? IoFlags.IO_DSYNC : 0;
  }
}

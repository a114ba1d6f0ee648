package org.jpuffs.api.protocol;

/** Poll event bits (NetBSD {@code POLL*}). */
public final class PollEvents {
  private PollEvents() {}

  /** Readable. */
  public static final int POLLIN = 0x0001;
  /** Urgent data readable. */
  public static final int POLLPRI = 0x0002;
  /** Writable. */
  public static final int POLLOUT = 0x0004;
  /** Error (reply only). */
  public static final int POLLERR = 0x0008;
  /** Hang-up (reply only). */
  public static final int POLLHUP = 0x0010;
  /** Invalid (reply only). */
  public static final int POLLNVAL = 0x0020;
  /** Normal data readable. */
  public static final int POLLRDNORM = 0x0040;
  /** Normal data writable (same as {@link #POLLOUT}). */
  public static final int POLLWRNORM = POLLOUT;
  /** Priority data readable. */
  public static final int POLLRDBAND = 0x0080;
  /** Priority data writable. */
  public static final int POLLWRBAND = 0x0100;

  /** What genfs answers for a file that is always ready, and libpuffs' default POLL reply keeps. */
  public static final int GENFS_READY = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

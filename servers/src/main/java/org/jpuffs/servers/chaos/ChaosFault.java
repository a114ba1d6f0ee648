package org.jpuffs.servers.chaos;

/**
 * The kinds of fault the chaos server injects, each with the answer the engine owes its client for it
 * ({@code puffs-protocol.md} 3.5). Engine tests assert that every injected fault became that answer.
 */
public enum ChaosFault {
  /**
   * The server op is delayed by a random time within the configured range (in {@link ChaosFs}, on the server's own
   * thread). The reply is otherwise correct; the engine must just wait, unless the delay exceeds its request timeout.
   */
  LATENCY,
  /**
   * The request is answered with a chosen valid errno without calling the server. The engine passes the errno on
   * unchanged.
   */
  ERROR,
  /**
   * The reply carries an errno outside {@code 0..ELAST} (-5, -1, 134, 200, 9999). The engine's {@code checkerr}
   * answers EPROTO and sends the server an ERROR report ({@code PUFFS_ERR_ERROR}) with the bad value.
   */
  INVALID_ERRNO,
  /**
   * A size in the reply exceeds what was asked: READ, WRITE, GETEXTATTR and LISTEXTATTR with a resid larger than
   * requested, READDIR with a resid larger than requested (and more cookies than {@code ncookies} when cookies were
   * asked for), READLINK with a target longer than {@code linklen}. The engine answers EPROTO and reports READ, WRITE,
   * READDIR, READLINK, GETEXTATTR or LISTEXTATTR (E2BIG).
   */
  RESID_GREW,
  /**
   * A node-producing reply names the wrong node: LOOKUP answers the directory's own cookie (EPROTO, LOOKUP report);
   * CREATE, MKNOD, MKDIR and SYMLINK answer the root cookie or the directory's cookie, which exist already (EPROTO,
   * MAKENODE report with EEXIST).
   */
  WRONG_COOKIE,
  /**
   * LOOKUP or FHTOVP answers a node type no node may have, VBAD or VNON ({@code puffs_getvnode1}): EPROTO and a
   * MAKENODE report (EINVAL). Creates are not given bad types, since the engine takes their type from the request.
   */
  BAD_VTYPE,
  /** The reply is never sent (the server did the op). The engine fails the request with its request-timeout errno. */
  DROP,
  /**
   * The runtime actor stops, as a crashing server process would, on the first request after the configured count.
   * The engine's mount goes RECOVERING and recovers when a server attaches again; without one, requests end in
   * ENXIO.
   */
  CRASH
}

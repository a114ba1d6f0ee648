package org.jpuffs.api.server;

/** How the engine brings a mount back after its server died and a new one attached (DESIGN.md, recovery). */
public enum RecoveryMode {
  /** The server's state survived (a host directory): re-resolve the nodes and re-send parked requests. */
  REATTACH,
  /** The server lost its state (memory): feed it the journaled mutations, remap cookies, then re-send. */
  REPLAY
}

package org.jpuffs.servers.passthrough;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.jpuffs.api.protocol.ComponentName;
import org.jpuffs.api.protocol.Cred;
import org.jpuffs.api.protocol.Errno;
import org.jpuffs.api.protocol.NameiOp;
import org.jpuffs.api.protocol.PuffsException;
import org.jpuffs.api.protocol.VType;
import org.jpuffs.api.protocol.Vattr;
import org.jpuffs.api.server.RequestContext;
import org.junit.jupiter.api.function.Executable;

/** Small helpers for calling a server directly in tests. */
final class Ops {
  static final Cred ALICE = Cred.user(1000, 1000);
  static final Cred BOB = Cred.user(1001, 1001);

  private Ops() {}

  static RequestContext as(Cred cred) {
    return RequestContext.of(cred);
  }

  static RequestContext root() {
    return RequestContext.of(Cred.ROOT);
  }

  static ComponentName lookup(String name) {
    return ComponentName.lookup(name);
  }

  static ComponentName create(String name) {
    return ComponentName.of(NameiOp.CREATE, name);
  }

  static ComponentName delete(String name) {
    return ComponentName.of(NameiOp.DELETE, name);
  }

  static ComponentName rename(String name) {
    return ComponentName.of(NameiOp.RENAME, name);
  }

  static Vattr file(int mode) {
    return Vattr.builder().type(VType.VREG).mode(mode).build();
  }

  static Vattr dir(int mode) {
    return Vattr.builder().type(VType.VDIR).mode(mode).build();
  }

  static Vattr node(VType type, int mode, long rdev) {
    return Vattr.builder().type(type).mode(mode).rdev(rdev).build();
  }

  static Errno errno(Executable call) {
    return assertThrows(PuffsException.class, call).errno();
  }
}

package org.jpuffs.nio;

import java.io.IOException;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import org.jpuffs.api.protocol.Vattr;

/** The {@code owner} view: the vattr's uid. */
final class PuffsOwnerView implements FileOwnerAttributeView {

  private final NodeAttributes node;

  PuffsOwnerView(NodeAttributes node) {
    this.node = node;
  }

  @Override
  public String name() {
    return "owner";
  }

  @Override
  public UserPrincipal getOwner() throws IOException {
    return node.read().owner();
  }

  @Override
  public void setOwner(UserPrincipal owner) throws IOException {
    node.write(Vattr.builder().uid(Principals.idOf(Objects.requireNonNull(owner, "owner"))).build());
  }
}

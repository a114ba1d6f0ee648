package org.jpuffs.nio;

import java.io.IOException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Set;
import org.jpuffs.api.protocol.Vattr;

/** The {@code posix} view: the basic view plus owner, group and permissions, each changed by one SETATTR. */
class PuffsPosixView extends PuffsBasicView implements PosixFileAttributeView {

  PuffsPosixView(NodeAttributes node) {
    super(node);
  }

  @Override
  public String name() {
    return "posix";
  }

  @Override
  public PosixFileAttributes readAttributes() throws IOException {
    return node.read();
  }

  @Override
  public void setPermissions(Set<PosixFilePermission> perms) throws IOException {
    Objects.requireNonNull(perms, "perms");
    int keep = node.read().va().mode() & 07000; // setuid, setgid and sticky are not permissions to java.nio
    node.write(Vattr.builder().mode(keep | NewNodeAttributes.modeOf(perms)).build());
  }

  @Override
  public void setGroup(GroupPrincipal group) throws IOException {
    node.write(Vattr.builder().gid(Principals.idOf(Objects.requireNonNull(group, "group"))).build());
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

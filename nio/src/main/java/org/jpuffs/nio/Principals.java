package org.jpuffs.nio;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Owners and groups of puffs files. A puffs server knows only numbers (a vattr's uid and gid) and the engine has no
 * password database, so a principal's name is its number; {@code lookupPrincipalByName} takes numbers, and the name
 * of the user running this JVM, which is the one name the JVM knows the number of.
 */
final class Principals {

  static final UserPrincipalLookupService LOOKUP = new UserPrincipalLookupService() {
    @Override
    public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
      return new User(idOf(name, ProcessCred.userName(), ProcessCred.current().uid()));
    }

    @Override
    public GroupPrincipal lookupPrincipalByGroupName(String group) throws UserPrincipalNotFoundException {
      return new Group(idOf(group, null, ProcessCred.current().gid()));
    }
  };

  private Principals() {}

  /** A user by uid. */
  record User(int id) implements UserPrincipal {
    @Override
    public String getName() {
      return Integer.toString(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** A group by gid. */
  record Group(int id) implements GroupPrincipal {
    @Override
    public String getName() {
      return Integer.toString(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** The uid or gid of {@code principal}; a principal of another provider is looked up by its name. */
  static int idOf(UserPrincipal principal) throws UserPrincipalNotFoundException {
    if (principal instanceof User user) {
      return user.id();
    }
    if (principal instanceof Group group) {
      return group.id();
    }
    return principal instanceof GroupPrincipal ? idOf(principal.getName(), null, ProcessCred.current().gid())
        : idOf(principal.getName(), ProcessCred.userName(), ProcessCred.current().uid());
  }

  private static int idOf(String name, String ownName, int ownId) throws UserPrincipalNotFoundException {
    if (name.equals(ownName)) {
      return ownId;
    }
    try {
      int id = Integer.parseInt(name);
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // not a number: unknown below
    }
    if (name.equals("root")) {
      return 0; // uid and gid 0 are "root" on every Unix
    }
    throw new UserPrincipalNotFoundException(name);
  }
}

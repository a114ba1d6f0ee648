package org.jpuffs.engine.replay;

import org.jpuffs.api.protocol.Op;

/**
 * {@link Op#opName()} once per op class: the name is the same for every op of a class, and a replay asks for it twice
 * per op (a string concatenation each time).
 */
final class OpNames {

  /** One slot per op class, filled from the first op seen (the name needs an instance: it is an instance method). */
  private static final ClassValue<String[]> CACHE = new ClassValue<>() {
    @Override
    protected String[] computeValue(Class<?> type) {
      return new String[1];
    }
  };

  private OpNames() {}

  /** The name of {@code op}'s type, e.g. {@code "VN LOOKUP"}. */
  static String of(Op op) {
    String[] slot = CACHE.get(op.getClass());
    String name = slot[0];
    if (name == null) {
      // racing threads compute the same string: harmless
      name = op.opName();
      slot[0] = name;
    }
    return name;
  }
}

package org.jpuffs.api.protocol;

import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers every subtype of the protocol's sealed hierarchies ({@link Op}, {@link OpReply}, {@link SopOp}) with
 * Jackson under a stable name such as {@code "VnOp.Lookup"}.
 *
 * <p>Jackson 2 does not discover the permitted subclasses of a sealed interface by itself, and listing them in
 * {@code @JsonSubTypes} would be a second list to forget when an op is added. Walking
 * {@link Class#getPermittedSubclasses()} keeps the sealed declarations the only list. Names, not class names, are
 * written ({@code JsonTypeInfo.Id.NAME}) so that the wire format survives a package move and never instantiates an
 * arbitrary class. Pekko loads this module through {@code pekko.serialization.jackson.jackson-modules}.
 */
public final class ProtocolJacksonModule extends SimpleModule {
  private static final long serialVersionUID = 1L;

  /** The roots of the polymorphic protocol types. */
  public static final List<Class<?>> SEALED_ROOTS = List.of(Op.class, OpReply.class, SopOp.class);

  public ProtocolJacksonModule() {
    super("jpuffs-protocol");
    for (Class<?> root : SEALED_ROOTS) {
      for (Class<?> leaf : leaves(root)) {
        registerSubtypes(new NamedType(leaf, typeName(leaf)));
      }
    }
  }

  /** Every concrete (record) class below {@code root} in its sealed hierarchy. */
  public static List<Class<?>> leaves(Class<?> root) {
    List<Class<?>> leaves = new ArrayList<>();
    collect(root, leaves);
    return leaves;
  }

  private static void collect(Class<?> type, List<Class<?>> into) {
    if (type.isSealed()) {
      for (Class<?> sub : type.getPermittedSubclasses()) {
        collect(sub, into);
      }
    } else if (!type.isInterface()) {
      into.add(type);
    }
  }

  /** The wire name of a subtype: its simple name, qualified by the enclosing type for nested records. */
  static String typeName(Class<?> type) {
    Class<?> outer = type.getEnclosingClass();
    return outer == null ? type.getSimpleName() : outer.getSimpleName() + "." + type.getSimpleName();
  }
}

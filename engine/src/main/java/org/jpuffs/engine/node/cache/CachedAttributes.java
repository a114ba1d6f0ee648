package org.jpuffs.engine.node.cache;

import java.util.Objects;
import org.jpuffs.api.protocol.Vattr;

/**
 * A vattr the server allowed the engine to keep ({@code pn_va_cache}), good until {@code expiresAt}.
 *
 * @param va the attributes
 * @param expiresAt the {@link CacheClock} time at which they expire
 */
public record CachedAttributes(Vattr va, long expiresAt) {
  public CachedAttributes {
    Objects.requireNonNull(va, "va");
  }

  /** {@code true} while the TTL has not passed at {@code now}. */
  public boolean validAt(long now) {
    return Expiry.validAt(expiresAt, now);
  }
}

/**
 * The kernel side of puffs. Start an engine with {@link org.jpuffs.engine.PuffsEngine#start} (own actor system) or
 * {@link org.jpuffs.engine.PuffsEngine#attach} (a service's system), mount a server's runtime with
 * {@link org.jpuffs.engine.PuffsEngine#mount}, and use the {@link org.jpuffs.engine.Mount} and its
 * {@link org.jpuffs.engine.Vnode}s. Every call returns a {@code CompletionStage} that fails with a
 * {@link org.jpuffs.api.protocol.PuffsException} carrying the errno puffs would return. See
 * {@code docs/architecture.md}.
 */
package org.jpuffs.engine;

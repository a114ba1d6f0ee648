/**
 * Servers in another JVM: a server process ({@link org.jpuffs.api.server.remote.RemoteServer}) runs its runtime in a
 * remote-enabled actor system ({@link org.jpuffs.api.server.remote.RemoteConfig}) and registers it, with the mount's
 * token, at the engine's well-known reception ({@link org.jpuffs.api.server.remote.ServerRegistration},
 * {@link org.jpuffs.api.server.remote.Register}). The engine side lives in {@code org.jpuffs.engine.remote}.
 */
package org.jpuffs.api.server.remote;

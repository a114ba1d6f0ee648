/**
 * Reference file-system servers: {@code memfs} (in memory, like puffs' dtfs), later {@code passthrough} (a host
 * directory) and {@code chaos} (fault injection). They depend on {@code server-api} only.
 */
package org.jpuffs.servers;

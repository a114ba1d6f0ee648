/**
 * A {@code java.nio.file} provider (scheme {@code puffs}) over puffs mounts. Filled in by the NIO issue.
 */
package org.jpuffs.nio;

/**
 * The kernel side of puffs: {@code PuffsEngine}, {@code MountActor}, {@code NodeActor}, {@code SopActor} and the
 * Vfs client API. Filled in by the engine issue; see {@code ../shared/DESIGN.md}.
 */
package org.jpuffs.engine;

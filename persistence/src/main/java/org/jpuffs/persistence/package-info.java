/**
 * Mount events and state, snapshots, Jackson CBOR serialization bindings, the LevelDB journal configuration and
 * {@code SessionReader}. Filled in by the persistence issue; see {@code ../shared/DESIGN.md}.
 */
package org.jpuffs.persistence;

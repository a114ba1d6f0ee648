/**
 * Crash recovery: the cookie translation between the engine's cookies and a replayed server's, the classification of
 * state-changing ops for the op log, and the reconciliation of retried non-idempotent ops. See docs/recovery.md.
 */
package org.jpuffs.engine.recovery;

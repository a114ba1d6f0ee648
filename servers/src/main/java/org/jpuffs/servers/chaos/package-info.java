/**
 * The chaos server: a wrapper around any server that injects latency, errors, protocol violations, dropped replies
 * and crashes, deterministically for a seed, and counts what it injected, so that engine tests can prove each fault
 * becomes the errno puffs prescribes. Start with {@link org.jpuffs.servers.chaos.ChaosFs} and
 * {@link org.jpuffs.servers.chaos.ChaosConfig}; {@link org.jpuffs.servers.chaos.ChaosFault} is the catalogue.
 */
package org.jpuffs.servers.chaos;

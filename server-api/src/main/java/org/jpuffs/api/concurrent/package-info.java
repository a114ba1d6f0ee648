/** Futures and asks as this project uses them between actors and the threads outside them. */
package org.jpuffs.api.concurrent;

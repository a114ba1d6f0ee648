/**
 * The {@code jpuffs} command: {@link org.jpuffs.cli.Jpuffs} and its subcommands. The {@code jpuffs} script at the
 * repository root builds {@code cli/target/jpuffs-cli.jar} on first use and runs it.
 */
package org.jpuffs.cli;

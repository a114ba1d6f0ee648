package org.jpuffs.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code jpuffs --version}: the {@code Implementation-Version} the build writes into the jar's manifest, or
 * {@code "dev"} when the classes do not come from that jar (an IDE, the tests).
 */
final class ManifestVersion implements IVersionProvider {

  /** The version printed for classes that were not loaded from a built jar. */
  static final String DEV = "dev";

  @Override
  public String[] getVersion() {
    Runtime.Version java = Runtime.version();
    return new String[] {
        "jpuffs " + version(),
        "Java " + java + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"};
  }

  /** The jar's {@code Implementation-Version}, or {@link #DEV}. */
  static String version() {
    String version = Jpuffs.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? DEV : version;
  }
}

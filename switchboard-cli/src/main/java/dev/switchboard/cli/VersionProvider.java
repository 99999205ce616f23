package dev.switchboard.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "switchboard " + (v != null ? v : "development"),
            "JVM " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}

package dev.switchboard.cli;

import picocli.CommandLine;

/** Reports the version and commit from the build.properties resource ({@link BuildInfo}). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.load();
        return new String[] {
            "switchboard " + build.version() + " (commit " + build.commit() + ")",
            "JVM " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}

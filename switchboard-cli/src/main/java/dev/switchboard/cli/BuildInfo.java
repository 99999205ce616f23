package dev.switchboard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit the jar was built from, from the {@code build.properties} resource
 * that Maven fills in ({@code -Dgit.commit=$(git rev-parse HEAD)} sets the commit).
 *
 * @param version the project version, or "development"
 * @param commit the git commit, or "unknown"
 */
record BuildInfo(String version, String commit) {
    static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall through to the unknowns
        }
        return new BuildInfo(
                clean(p.getProperty("version"), "development"),
                clean(p.getProperty("commit"), "unknown"));
    }

    private static String clean(String v, String fallback) {
        return v == null || v.isBlank() || v.contains("${") ? fallback : v.strip();
    }
}

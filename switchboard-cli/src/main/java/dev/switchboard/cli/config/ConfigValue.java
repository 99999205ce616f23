package dev.switchboard.cli.config;

/**
 * One effective setting: its value and where it came from.
 *
 * @param setting the setting
 * @param value the parsed value, or {@code null} when not set
 * @param source where it came from: {@code default}, {@code file switchboard.ini:12}, {@code env
 *     SWITCHBOARD_NETWORK_LISTEN_PORT}, {@code --set}, or a legacy flag such as {@code --port}
 */
public record ConfigValue(Setting setting, Object value, String source) {
    /**
     * @return the value as it would be written in the file
     */
    public String text() {
        return setting.type().format(value);
    }
}

package dev.switchboard.cli.config;

/**
 * One row of the settings table.
 *
 * @param section the INI section, e.g. {@code network}
 * @param key the key within it, e.g. {@code listen_port}
 * @param type how the value is parsed and checked
 * @param defaultText the default, as it would be written in the file ({@code ""} = not set)
 * @param unit the unit for docs, or {@code ""}
 * @param reloadable whether a change applies while the server runs
 * @param doc one line saying what it does
 * @param mapsTo where the value goes, for docs (e.g. {@code BrokerConfig.port})
 * @param aliasOf the full name of the setting this key is another name for, or {@code null}
 * @param secret whether {@code switchboard config} hides the value
 */
public record Setting(
        String section,
        String key,
        ValueType type,
        String defaultText,
        String unit,
        boolean reloadable,
        String doc,
        String mapsTo,
        String aliasOf,
        boolean secret) {

    /**
     * @return {@code section.key}
     */
    public String name() {
        return section + "." + key;
    }

    /**
     * @return the default value, parsed; {@code null} when the default is "not set"
     */
    public Object defaultValue() {
        return defaultText.isEmpty() ? null : type.parse(defaultText);
    }

    /**
     * @return the environment variable that overrides this setting
     */
    public String envVar() {
        return Settings.envVar(section, key);
    }
}

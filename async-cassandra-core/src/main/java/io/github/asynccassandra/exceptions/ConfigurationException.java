package io.github.asynccassandra.exceptions;

import org.jspecify.annotations.Nullable;

/**
 * A setting is invalid: the message names the setting and what is wrong with it, and
 * {@link #getSetting()} names it for code that maps it back to its own configuration.
 */
public class ConfigurationException extends AsyncCassandraException {

    private static final long serialVersionUID = 1L;

    /** The builder setting at fault, or {@code null}. */
    private final @Nullable String setting;

    /**
     * An exception with this message.
     *
     * @param message what went wrong
     */
    public ConfigurationException(String message) {
        this(message, null, null);
    }

    /**
     * An exception with this message and cause.
     *
     * @param message what went wrong
     * @param cause the underlying cause
     */
    public ConfigurationException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * @param message what is wrong, naming the setting
     * @param setting the {@code AsyncCluster.Builder} setting at fault, such as {@code "localDatacenter"}
     * @param cause the underlying failure, or {@code null}
     */
    public ConfigurationException(String message, @Nullable String setting, @Nullable Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /**
     * The {@code AsyncCluster.Builder} setting at fault (such as {@code "localDatacenter"}), or
     * {@code null} when the failure is not about one setting.
     *
     * @return the {@code AsyncCluster.Builder} setting at fault
     */
    public @Nullable String getSetting() {
        return setting;
    }
}

package io.github.asynccassandra.exceptions;

/** A setting is invalid: the message names the setting and what is wrong with it. */
public class ConfigurationException extends AsyncCassandraException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}

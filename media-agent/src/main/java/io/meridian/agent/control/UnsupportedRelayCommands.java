package io.meridian.agent.control;

import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;

/** Refuses relay commands until the cascading work provides a real {@link RelayCommands}. */
@Singleton
@DefaultBean
public class UnsupportedRelayCommands implements RelayCommands {

    static final String NOT_SUPPORTED = "relays not supported yet";

    @Override
    public CommandResult open(OpenRelayCommand command) {
        return CommandResult.failed(NOT_SUPPORTED);
    }

    @Override
    public CommandResult close(CloseRelayCommand command) {
        return CommandResult.failed(NOT_SUPPORTED);
    }
}

package io.meridian.controller.console;

/** Fired (on this replica) after a join, leave, kick or adoption changed a conference: the console refreshes soon. */
public record ConferenceTouched(String conferenceId) {
}

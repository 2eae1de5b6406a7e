package io.meridian.controller.geo;

import io.meridian.placement.ParticipantLocation;

/**
 * Where a joining client is, and how that was found.
 *
 * @param location what the placement policy gets
 * @param clientAddress the address used (IP literal), or null when unknown
 * @param detail one line on which rule located the client and why, e.g. "address 10.0.0.7 is private: hint"
 */
public record Located(ParticipantLocation location, String clientAddress, String detail) {
}

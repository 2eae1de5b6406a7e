package io.meridian.study.sim;

/**
 * One policy's results within one {@link ConferenceClass}.
 *
 * @param conferenceClass the class
 * @param conferences     conferences in it
 * @param cascadedShare   share of them spanning more than one agent
 * @param meanMs          mean one-way latency over their participant pairs, ms (NaN without pairs)
 * @param over150Share    share of their pairs above 150 ms
 * @param relayUsd        their relay egress cost, USD
 */
public record ClassResult(ConferenceClass conferenceClass, long conferences, double cascadedShare, double meanMs,
                          double over150Share, double relayUsd) {
}

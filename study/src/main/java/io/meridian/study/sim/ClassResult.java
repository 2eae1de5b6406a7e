package io.meridian.study.sim;

/**
 * One policy's results within one {@link ConferenceClass}.
 *
 * @param conferenceClass the class
 * @param conferences     conferences in it
 * @param cascadedShare   share of them spanning more than one agent
 * @param meanMs          mean one-way latency over their participant pairs (the pair view), ms (NaN without pairs)
 * @param over150Share    share of their pairs above 150 ms
 * @param relayUsd        their relay egress cost, USD
 * @param conferenceMeanMs mean over its conferences of each conference's mean pair latency, ms (each conference once)
 * @param conferenceMouthToEarOver150Share share of its conferences whose mean pair latency exceeds 150 ms mouth to
 *                        ear (network + {@link MouthToEar#ENDPOINT_MS})
 * @param participantMeanMs mean over its participants of each one's mean latency to the others, ms
 */
public record ClassResult(ConferenceClass conferenceClass, long conferences, double cascadedShare, double meanMs,
                          double over150Share, double relayUsd, double conferenceMeanMs,
                          double conferenceMouthToEarOver150Share, double participantMeanMs) {
}

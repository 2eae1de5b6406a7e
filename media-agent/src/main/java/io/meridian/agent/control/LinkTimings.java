package io.meridian.agent.control;

import java.time.Duration;

/**
 * Timings of the controller link.
 *
 * @param defaultReportInterval report interval when Welcome says 0
 * @param minReportInterval     shortest report interval accepted from Welcome
 * @param backoffInitial        first reconnect delay
 * @param backoffMax            longest reconnect delay
 * @param welcomeTimeout        a session without Welcome after this long is abandoned
 */
public record LinkTimings(Duration defaultReportInterval, Duration minReportInterval, Duration backoffInitial,
        Duration backoffMax, Duration welcomeTimeout) {

    /** The report interval to use for a Welcome's {@code report_interval_ms}. */
    long reportIntervalMillis(long welcomeMillis) {
        long millis = welcomeMillis <= 0 ? defaultReportInterval.toMillis() : welcomeMillis;
        return Math.max(millis, Math.max(1, minReportInterval.toMillis()));
    }
}

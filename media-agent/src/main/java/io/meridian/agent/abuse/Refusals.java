package io.meridian.agent.abuse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything the agent refuses or drops on purpose (a bad token, a flood, a hostile offer), counted by reason in
 * {@code meridian_agent_refusals_total{reason}} on {@code /q/metrics}; docs/security.md lists the reasons.
 * Counting is lock-free after a reason's first use, so the packet path may count too.
 */
@Singleton
public class Refusals {
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public Refusals(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Refusals counted in a registry of their own, for unit tests and components built outside CDI. */
    public static Refusals standalone() {
        return new Refusals(new SimpleMeterRegistry());
    }

    /** Counts one refusal. Allocation-free once the reason was counted before (the packet path relies on it). */
    public void count(String reason) {
        count(reason, 1);
    }

    /** Counts {@code n} refusals of one reason at once (e.g. the sequence numbers of one NACK beyond a budget). */
    public void count(String reason, long n) {
        Counter c = counters.get(reason);
        if (c == null) {
            c = counters.computeIfAbsent(reason, r -> Counter.builder("meridian.agent.refusals")
                    .description("Sessions, messages and packets refused, by reason").tag("reason", r)
                    .register(meters));
        }
        c.increment(n);
    }

    /** How many refusals of {@code reason} were counted (0 when none). */
    public long counted(String reason) {
        Counter c = counters.get(reason);
        return c == null ? 0 : (long) c.count();
    }
}

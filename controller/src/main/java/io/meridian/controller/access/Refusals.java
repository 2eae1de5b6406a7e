package io.meridian.controller.access;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every refused request, counted by reason in {@code meridian_refusals_total{reason}} (docs/security.md lists them). */
@Singleton
public class Refusals {
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    @Inject
    public Refusals(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts one refusal. */
    public void count(String reason) {
        counters.computeIfAbsent(reason, r -> Counter.builder("meridian.refusals")
                .description("Requests refused, by reason").tag("reason", r).register(meters)).increment();
    }

    /** Counts one refusal and returns {@code e} to throw. */
    public <E extends RuntimeException> E refuse(String reason, E e) {
        count(reason);
        return e;
    }
}

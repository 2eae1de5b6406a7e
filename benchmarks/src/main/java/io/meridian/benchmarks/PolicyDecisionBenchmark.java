package io.meridian.benchmarks;

import io.meridian.placement.Decision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * JMH: wall time of one {@link io.meridian.placement.MeridianPolicy} decision for a participant joining a
 * 100-participant conference over 1,000 agents in 20 regions, including the full explanation (1,000 candidates).
 * The fleet, conference and joiners are described in {@link PolicyBenchFixture}. Run with {@code bin/bench-policy}.
 */
@State(Scope.Benchmark)
// Two modes on purpose (docs/benchmarks-policy.md quotes both), so `-l` lists each method once per mode
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {

    private PolicyBenchFixture fixture;

    /** Builds the fleet, the conference and the joiners (not timed). */
    @Setup(Level.Trial)
    public void setUp() {
        fixture = new PolicyBenchFixture();
    }

    /** @return a decision for the next joiner of the 100-participant conference */
    @Benchmark
    public Decision joinA100ParticipantConference() {
        return fixture.joinTheConference();
    }

    /** @return a decision for the first participant of a new conference (for comparison) */
    @Benchmark
    public Decision startANewConference() {
        return fixture.startAConference();
    }
}

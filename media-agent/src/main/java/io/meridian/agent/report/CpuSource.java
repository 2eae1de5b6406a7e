package io.meridian.agent.report;

import java.lang.management.ManagementFactory;

/** Where process CPU time comes from; a seam so that tests can drive it. */
public interface CpuSource {

    /** CPU time used by this process so far, nanoseconds; negative when the platform cannot tell. */
    long processCpuNanos();

    /** Processors available to this process (respects container limits). */
    int processors();

    /** The JVM's own measurement ({@code com.sun.management.OperatingSystemMXBean.getProcessCpuTime}). */
    static CpuSource system() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return new CpuSource() {
                @Override
                public long processCpuNanos() {
                    return os.getProcessCpuTime();
                }

                @Override
                public int processors() {
                    return Runtime.getRuntime().availableProcessors();
                }
            };
        }
        return new CpuSource() {
            @Override
            public long processCpuNanos() {
                return -1;
            }

            @Override
            public int processors() {
                return Runtime.getRuntime().availableProcessors();
            }
        };
    }
}

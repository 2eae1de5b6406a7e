package io.meridian.benchmarks.forwarding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises where one thread spent its CPU in a JFR recording made with CPU-time sampling
 * ({@code jdk.CPUTimeSample}, JDK 25; falls back to {@code jdk.ExecutionSample} + {@code jdk.NativeMethodSample}):
 * the share of samples per method, inclusive (the method is anywhere on the stack) and self (top frame).
 * Usage: {@code java -cp benchmarks.jar io.meridian.benchmarks.forwarding.JfrHotPath rec.jfr [threadPrefix] [rows]}.
 */
public final class JfrHotPath {
    private JfrHotPath() {
    }

    /** Prints the summary of {@code args[0]} for threads named {@code args[1]}* (default media-rx-). */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrHotPath recording.jfr [threadPrefix (media-rx-)] [rows (30)]");
            System.exit(1);
        }
        String prefix = args.length > 1 ? args[1] : "media-rx-";
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args[0]));
        boolean cpuTime = events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"));
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : events) {
            String type = e.getEventType().getName();
            boolean wanted = cpuTime ? type.equals("jdk.CPUTimeSample")
                    : type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample");
            if (!wanted) {
                continue;
            }
            RecordedThread t = e.getThread(cpuTime ? "eventThread" : "sampledThread");
            if (t == null || t.getJavaName() == null || !t.getJavaName().startsWith(prefix)) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = st.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                if (seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d %s samples on threads %s*%s%n", samples,
                cpuTime ? "CPU-time" : "execution+native", prefix,
                cpuTime ? "" : " (no jdk.CPUTimeSample: time in native code is under-represented)");
        if (samples == 0) {
            return;
        }
        print("inclusive (method anywhere on the stack)", inclusive, samples, rows);
        print("self (top frame)", self, samples, rows);
        allocations(events, prefix, rows);
    }

    /** Sampled allocations on the thread (jdk.ObjectAllocationSample weights), by class and allocating frames. */
    private static void allocations(List<RecordedEvent> events, String prefix, int rows) {
        Map<String, Long> bytes = new HashMap<>();
        long total = 0;
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.ObjectAllocationSample")) {
                continue;
            }
            RecordedThread t = e.getThread("eventThread");
            if (t == null || t.getJavaName() == null || !t.getJavaName().startsWith(prefix)) {
                continue;
            }
            long w = e.getLong("weight");
            total += w;
            StringBuilder site = new StringBuilder(e.getClass("objectClass").getName());
            RecordedStackTrace st = e.getStackTrace();
            if (st != null) {
                List<RecordedFrame> frames = st.getFrames();
                for (int i = 0; i < Math.min(3, frames.size()); i++) {
                    site.append(i == 0 ? " <- " : " <- ").append(name(frames.get(i)));
                }
            }
            bytes.merge(site.toString(), w, Long::sum);
        }
        if (total == 0) {
            return;
        }
        long sum = total;
        System.out.printf(Locale.ROOT, "allocation (sampled weight, %.1f MB on threads %s*), by class <- frames:%n",
                total / 1e6, prefix);
        bytes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(rows)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * en.getValue() / sum,
                        en.getKey()));
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(en -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * en.getValue() / samples,
                        en.getKey()));
    }

    private static String name(RecordedFrame f) {
        if (f.getMethod() == null || f.getMethod().getType() == null) {
            return "?";
        }
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
                + (f.isJavaFrame() ? "" : " [native]");
    }
}

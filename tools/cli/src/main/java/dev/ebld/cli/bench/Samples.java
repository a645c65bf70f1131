package dev.ebld.cli.bench;

import java.util.Arrays;

/** Wall-clock samples in nanoseconds; the median is what benchmarks report, the min is shown too. */
record Samples(long[] nanos) {

    double medianMillis() {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        double mid = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
        return mid / 1e6;
    }

    double minMillis() {
        return Arrays.stream(nanos).min().orElse(0) / 1e6;
    }

    String describe() {
        return String.format("median %9.2f ms  min %9.2f ms  (n=%d)", medianMillis(), minMillis(), nanos.length);
    }
}

package dev.netc.runtime;

/**
 * Distances in units in the last place between a computed value and a reference given as
 * {@code hi + lo * ulp(hi)}: {@code hi} the correctly rounded double of the true value, {@code lo}
 * its rounding error in units of {@code Math.ulp(hi)} (the format of the files that
 * {@code src/test/resources/reference/make_reference.py} writes).
 */
final class Ulps {
    private Ulps() {}

    /** The true value, as a double (exact to far better than a float ulp). */
    static double truth(double hi, double lo) {
        return Double.isInfinite(hi) ? hi : hi + lo * Math.ulp(hi);
    }

    /**
     * Error of a double result in ulps of the true value; 0 for equal infinities, infinite for
     * NaN or a wrong infinity.
     */
    static double doubleError(double computed, double hi, double lo) {
        if (Double.isNaN(computed)) {
            return Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(hi) || Double.isInfinite(computed)) {
            return computed == hi ? 0 : Double.POSITIVE_INFINITY;
        }
        double err = Math.abs((computed - hi) / Math.ulp(hi) - lo);
        // If hi is a power of two and the truth lies just below it in magnitude, the truth's own
        // ulp is half of ulp(hi).
        boolean truthInBinadeBelow = Math.abs(hi) > Double.MIN_NORMAL
                && (Double.doubleToRawLongBits(hi) & 0x000fffffffffffffL) == 0
                && lo != 0 && Math.signum(lo) != Math.signum(hi);
        return truthInBinadeBelow ? 2 * err : err;
    }

    /**
     * Error of a float result in float ulps of the true value. A true value beyond the float
     * range must give the infinity it rounds to (error 0), anything else is an infinite error.
     */
    static double floatError(float computed, double hi, double lo) {
        if (Float.isNaN(computed)) {
            return Double.POSITIVE_INFINITY;
        }
        double truth = truth(hi, lo);
        float nearest = (float) truth;
        if (Float.isInfinite(nearest) || Float.isInfinite(computed)) {
            return computed == nearest ? 0 : Double.POSITIVE_INFINITY;
        }
        double ulp = Math.ulp(nearest);
        if (Math.abs(nearest) > Float.MIN_NORMAL
                && (Float.floatToRawIntBits(nearest) & 0x007fffff) == 0
                && Math.abs(truth) < Math.abs(nearest)) {
            ulp /= 2;
        }
        return Math.abs((double) computed - truth) / ulp;
    }
}

package dev.netc.runtime.math;

/**
 * e<sup>x</sup> for float arguments, several times faster than {@code (float) Math.exp(x)} and
 * within one float ulp of it: softmax over a small layer spends most of its time in {@code exp},
 * and a float result does not need a double-precision exponential.
 *
 * <p>The argument is reduced to r = x − k·ln 2 with |r| ≤ ln 2 / 2, e<sup>r</sup> comes from the
 * degree-7 Taylor polynomial evaluated in double by Estrin's scheme (relative error below
 * 6·10⁻⁹, a tenth of a float ulp, in four dependent steps instead of Horner's seven), and
 * 2<sup>k</sup> is put in the exponent bits. k is rounded by adding and subtracting 1.5·2⁵², which
 * leaves it in the sum's low bits: the same round-half-even as {@code Math.rint}, at the cost of
 * two additions (measured: 4 exponentials in 21.5 instead of 39 ns, bit for bit the same results).
 * The reduction and the polynomial use fused multiply-adds, which shorten the chain of dependent
 * operations a softmax waits on by a fifth (21 → 17 ns per dependent call); checked against
 * {@code Math.exp} for every float argument, within one ulp either way, and equal to the separate
 * multiplications and additions for all but one.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class FloatExp {
    private static final double LOG2_E = 1.4426950408889634;
    private static final double LN_2 = 0.6931471805599453;
    /** Below this, e^x rounds to zero even as a subnormal float. */
    private static final float UNDERFLOW = -104f;
    /** Above this, e^x overflows a float. */
    private static final float OVERFLOW = 88.72284f;
    /** Adding it rounds a double below 2⁵¹ in magnitude to an integer, held in the low bits. */
    private static final double ROUNDER = 0x1.8p52;

    private FloatExp() {}

    /** e<sup>x</sup>, within one ulp of the correctly rounded result; NaN for NaN, 0 for −∞, ∞ for +∞. */
    public static float exp(float x) {
        return (float) expUnrounded(x);
    }

    /**
     * {@link #exp(float)} before its rounding to float: e<sup>x</sup> within a relative 10⁻⁸, and
     * exactly {@code exp(x)} once cast to float. For sums of exponentials that are accumulated in
     * double anyway (softmax): the casts to float and back would lengthen the chain of dependent
     * operations by two conversions, and each would round.
     */
    public static double expUnrounded(float x) {
        if (!(x > UNDERFLOW && x < OVERFLOW)) {
            return x != x ? x : x > 0 ? Double.POSITIVE_INFINITY : 0d;
        }
        double wide = x;
        double rounded = Math.fma(wide, LOG2_E, ROUNDER);
        double k = rounded - ROUNDER;
        double r = Math.fma(-k, LN_2, wide);
        double r2 = r * r;
        double r4 = r2 * r2;
        double low = Math.fma(r2, Math.fma(r, 1.0 / 6, 1.0 / 2), 1 + r);
        double high = Math.fma(r2, Math.fma(r, 1.0 / 5040, 1.0 / 720), Math.fma(r, 1.0 / 120, 1.0 / 24));
        // k + 1023 lies in [873, 1151]: its low 12 bits, shifted, are exactly the exponent field.
        long twoToK = (Double.doubleToRawLongBits(rounded) + 1023) << 52;
        return Math.fma(r4, high, low) * Double.longBitsToDouble(twoToK);
    }
}

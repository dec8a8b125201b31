/** Numerics that the JDK lacks: an accurate erf, and NumPy's legacy random generator bit for bit. */
package dev.netc.runtime.math;

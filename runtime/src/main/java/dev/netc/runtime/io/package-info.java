/**
 * Reading and writing NumPy {@code .npz} weight files.
 *
 * <p>An {@code .npz} file is a zip archive whose entries {@code NAME.npy} each hold one array
 * named {@code NAME}, exactly as {@code np.savez} and {@code np.savez_compressed} write them.
 * {@link dev.netc.runtime.io.NpzReader} reads such files (stored or deflated entries, ZIP64,
 * {@code .npy} format versions 1.0, 2.0 and 3.0, C or Fortran order, dtypes {@code <f4} and
 * {@code <f8}, and the integer and bool dtypes when asked for them);
 * {@link dev.netc.runtime.io.NpzWriter} writes the same bytes {@code np.savez}
 * writes. Every malformed input is reported as an {@link java.io.IOException} naming the file and
 * the array, and memory use is bounded by what a header declares once a
 * {@link dev.netc.runtime.io.HeaderCheck} has accepted it.
 */
package dev.netc.runtime.io;

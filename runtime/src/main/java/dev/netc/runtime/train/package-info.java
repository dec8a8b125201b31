/**
 * Training (spec §6): losses, optimizers and their call syntax, the backward pass of every
 * activation, the batch steps generated trainers call, the epochs of {@code fit}, and a
 * double-precision training interpreter that is the reference for the generated trainers.
 */
package dev.netc.runtime.train;

/**
 * What only generated classes call (input checks, weight layouts, zero-input lists, row blocks,
 * parallel block sizes, the shared pretrained instance, the run-time-chosen matrix kernels): not
 * API, and it may change between versions without notice, as {@code dagger.internal} does.
 */
package dev.netc.runtime.internal;

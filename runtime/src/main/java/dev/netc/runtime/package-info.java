/**
 * What generated networks run on: the architecture model, the activations and initializers (each
 * defined once, here), weights bound to an architecture, a Keras-style summary, and a reference
 * interpreter that runs any architecture without generated code.
 */
package dev.netc.runtime;

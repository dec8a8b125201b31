package dev.netc.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * Makes a network on an executor: Spark ships it to the executors, where it runs once per JVM.
 * A method reference such as {@code Iris::pretrained} is one.
 *
 * @param <T> the network it makes
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}

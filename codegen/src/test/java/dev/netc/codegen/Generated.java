package dev.netc.codegen;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls a generated network class through its public API (spec §5), by reflection. */
final class Generated {
    private final Class<?> type;
    private final Object instance;

    private Generated(Class<?> type, Object instance) {
        this.type = type;
        this.instance = instance;
    }

    /** The generated network itself. */
    Object instance() {
        return instance;
    }

    /** An instance made by the static factory {@code factory} (random, load, pretrained) with {@code args}. */
    static Generated create(Class<?> type, String factory, Class<?>[] parameterTypes, Object... args) {
        return new Generated(type, invoke(type, null, factory, parameterTypes, args));
    }

    Object call(String method, Class<?>[] parameterTypes, Object... args) {
        return invoke(type, instance, method, parameterTypes, args);
    }

    float[][] predict(float[][] batch) {
        return (float[][]) call("predict", new Class<?>[] {float[][].class}, (Object) batch);
    }

    float[] predict(float[] sample) {
        return (float[]) call("predict", new Class<?>[] {float[].class}, (Object) sample);
    }

    double[][] predict(double[][] batch) {
        return (double[][]) call("predict", new Class<?>[] {double[][].class}, (Object) batch);
    }

    double[] predict(double[] sample) {
        return (double[]) call("predict", new Class<?>[] {double[].class}, (Object) sample);
    }

    /** Invokes and unwraps, so tests see the exception the generated code threw. */
    static Object invoke(Class<?> type, Object target, String name, Class<?>[] parameterTypes, Object... args) {
        try {
            Method method = type.getMethod(name, parameterTypes);
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw Generated.<RuntimeException>rethrow(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Rethrows checked exceptions such as IOException unchanged, so tests can assert on them. */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T rethrow(Throwable t) throws T {
        throw (T) t;
    }
}

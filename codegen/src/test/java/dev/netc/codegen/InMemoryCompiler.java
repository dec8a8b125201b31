package dev.netc.codegen;

import com.palantir.javapoet.JavaFile;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources with javac inside the test JVM and loads the classes, as a user's build would. */
public final class InMemoryCompiler {
    private InMemoryCompiler() {}

    /** Compiles all {@code files} in one javac run (with {@code -Xlint:all -Werror}) and returns their loader. */
    static ClassLoader compile(List<JavaFile> files) {
        return loader(classes(files), Map.of());
    }

    /** As {@link #compile(List)}, but the class files themselves: binary name to bytes. */
    public static Map<String, byte[]> classes(List<JavaFile> files) {
        return compile(files, List.of("--release", "17", "-Xlint:all", "-Werror"));
    }

    /**
     * A new loader of {@code classes} (binary name to class file) that also serves {@code resources}
     * (resource path such as {@code p/Mlp.npz} to content); each call defines the classes anew.
     */
    static ClassLoader loader(Map<String, byte[]> classes, Map<String, byte[]> resources) {
        return new ClassLoader(InMemoryCompiler.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] code = classes.get(name);
                if (code == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, code, 0, code.length);
            }

            @Override
            public java.io.InputStream getResourceAsStream(String name) {
                byte[] content = resources.get(name);
                return content != null ? new java.io.ByteArrayInputStream(content) : super.getResourceAsStream(name);
            }
        };
    }

    /** Compiles Java source text, such as a generated source edited by a test, and returns its loader. */
    static ClassLoader compileSource(String qualifiedName, String source) {
        JavaFileObject file = new SimpleJavaFileObject(URI.create("mem:///" + qualifiedName.replace('.', '/')
                + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        return loader(compileObjects(List.of(file), List.of("--release", "17")), Map.of());
    }

    private static Map<String, byte[]> compile(List<JavaFile> files, List<String> flags) {
        List<JavaFileObject> sources = new ArrayList<>();
        for (JavaFile file : files) {
            sources.add(file.toJavaFileObject());
        }
        return compileObjects(sources, flags);
    }

    private static Map<String, byte[]> compileObjects(List<JavaFileObject> sources, List<String> flags) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        classes.put(className, bytes);
                        return bytes;
                    }
                };
            }
        };
        List<String> options = new ArrayList<>(List.of("-classpath", System.getProperty("java.class.path"),
                "-proc:none"));
        options.addAll(flags);
        boolean ok = javac.getTask(null, manager, diagnostics, options, null, sources).call();
        if (!ok) {
            StringBuilder report = new StringBuilder("generated code does not compile:\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                report.append(d).append('\n');
            }
            throw new AssertionError(report);
        }
        Map<String, byte[]> compiled = new HashMap<>();
        classes.forEach((name, bytes) -> compiled.put(name, bytes.toByteArray()));
        return compiled;
    }
}

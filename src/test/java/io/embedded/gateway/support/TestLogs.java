package io.embedded.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where every process a test starts writes its output: {@code target/test-logs/<TestClass>-<n>.log}, the directory
 * {@code LogHygieneIT} reads. A test class's logs from an earlier run are removed the first time it asks for one, so
 * what is there after a run is what that run wrote.
 */
public final class TestLogs {

    public static final Path DIRECTORY = Path.of("target", "test-logs");

    private static final Set<String> CLEARED = ConcurrentHashMap.newKeySet();

    private TestLogs() {
    }

    /** A new, empty log file for a process started by {@code testClass}; tests may ask from several threads. */
    public static synchronized Path next(Class<?> testClass) {
        String name = testClass.getSimpleName();
        try {
            Files.createDirectories(DIRECTORY);
            if (CLEARED.add(name)) {
                for (Path stale : of(name)) {
                    Files.deleteIfExists(stale);
                }
            }
            for (int n = 1;; n++) {
                try {
                    return Files.createFile(DIRECTORY.resolve(name + "-" + n + ".log"));
                } catch (FileAlreadyExistsException taken) {
                    // another process of the same class: try the next number
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The logs the processes of the test class named {@code simpleName} wrote. */
    public static java.util.List<Path> of(String simpleName) throws IOException {
        if (!Files.isDirectory(DIRECTORY)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.filter(file -> file.getFileName().toString().matches(java.util.regex.Pattern.quote(simpleName)
                    + "-\\d+\\.log")).sorted().toList();
        }
    }
}

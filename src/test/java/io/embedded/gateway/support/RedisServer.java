package io.embedded.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} (Debian's package; {@code .ci/run} installs it), on a free loopback port with no
 * persistence, that a test can stop and start again on the same port. No Docker, no Dev Services.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path directory;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
        try {
            this.directory = Files.createTempDirectory("redis-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on a free port. */
    public static RedisServer start() {
        RedisServer server = new RedisServer(AirbyteStandInResource.freePort());
        server.resume();
        return server;
    }

    /** Whether {@code redis-server} is installed here. */
    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/redis-server"))
                || Files.isExecutable(Path.of("/usr/local/bin/redis-server"));
    }

    /** The connection string for {@code quarkus.redis.hosts}. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again (on the same port) after {@link #stop()}; it comes back empty. */
    public void resume() {
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString())).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server is not installed (apt-get install redis-server)", e);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> "+PONG".equals(command("PING")));
    }

    /** Stops the server (a Redis outage). */
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Deletes every key, so that each test starts with full allowances. */
    public void flush() {
        command("FLUSHALL");
    }

    /** Sends one inline command and answers the first line of the reply. */
    public String command(String command) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}

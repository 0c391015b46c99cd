package dev.ferry.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A bare repository served read-only over Git's smart HTTP protocol (upload-pack, so fetch and
 * clone) on a chosen loopback port: a remote a test can take away and bring back.
 */
final class GitHttpRemote implements AutoCloseable {
    private final HttpServer server;
    private final Repository repository;

    private GitHttpRemote(HttpServer server, Repository repository) {
        this.server = server;
        this.repository = repository;
    }

    /** Serves {@code bare} at {@code http://127.0.0.1:port/<name>.git}. */
    static GitHttpRemote start(Path bare, int port, String name) throws IOException {
        Repository repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        GitHttpRemote remote = new GitHttpRemote(server, repository);
        server.createContext("/" + name + ".git/", remote::handle);
        server.start();
        return remote;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            if (path.endsWith("/info/refs") && query.contains("service=git-upload-pack")) {
                exchange.getResponseHeaders()
                        .set("Content-Type", "application/x-git-upload-pack-advertisement");
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                PacketLineOut lines = new PacketLineOut(body);
                lines.writeString("# service=git-upload-pack\n");
                lines.end();
                UploadPack pack = new UploadPack(repository);
                pack.setBiDirectionalPipe(false);
                pack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(lines));
                body.flush();
            } else if (path.endsWith("/git-upload-pack")
                    && exchange.getRequestMethod().equals("POST")) {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                exchange.getResponseHeaders()
                        .set("Content-Type", "application/x-git-upload-pack-result");
                exchange.sendResponseHeaders(200, 0);
                UploadPack pack = new UploadPack(repository);
                pack.setBiDirectionalPipe(false);
                pack.upload(in, exchange.getResponseBody(), null);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        repository.close();
    }
}

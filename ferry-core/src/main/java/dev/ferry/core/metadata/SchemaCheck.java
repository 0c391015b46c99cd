package dev.ferry.core.metadata;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Tells, without starting Flyway, whether a database already has every migration on the classpath.
 * Starting Flyway costs more than the rest of opening the store, and almost every {@code ferry}
 * command opens an up-to-date database; when in doubt the answer is "no" and Flyway runs as usual.
 */
final class SchemaCheck {
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private SchemaCheck() {}

    static boolean upToDate(DataSource dataSource, ClassLoader loader, String location) {
        Set<Integer> available = availableVersions(loader, location);
        return !available.isEmpty() && appliedVersions(dataSource).containsAll(available);
    }

    /**
     * Versions of the {@code V<n>__*.sql} migrations under {@code location}, in folders or jars.
     */
    static Set<Integer> availableVersions(ClassLoader loader, String location) {
        Set<Integer> versions = new HashSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(location);
            while (roots.hasMoreElements()) {
                collect(roots.nextElement().toURI(), location, versions);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Set.of(); // unknown layout: let Flyway decide
        }
        return versions;
    }

    private static void collect(URI root, String location, Set<Integer> versions)
            throws IOException {
        switch (root.getScheme()) {
            case "file" -> list(Path.of(root), versions);
            case "jar" -> {
                FileSystem jar;
                boolean opened = false;
                try {
                    jar = FileSystems.newFileSystem(root, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    jar = FileSystems.getFileSystem(root);
                }
                try {
                    list(jar.getPath(location), versions);
                } finally {
                    if (opened) {
                        jar.close();
                    }
                }
            }
            default -> throw new IOException("unsupported migration location " + root);
        }
    }

    private static void list(Path dir, Set<Integer> versions) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = VERSIONED.matcher(file.getFileName().toString());
                if (m.matches()) {
                    versions.add(Integer.parseInt(m.group(1)));
                }
            }
        }
    }

    /** Versions Flyway applied successfully; empty when it never ran here. */
    static Set<Integer> appliedVersions(DataSource dataSource) {
        Set<Integer> versions = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery(
                                "SELECT version FROM flyway_schema_history"
                                        + " WHERE success AND version IS NOT NULL")) {
            while (rs.next()) {
                versions.add(Integer.parseInt(rs.getString(1)));
            }
        } catch (SQLException | NumberFormatException e) {
            return Set.of(); // no history table yet, or versions Ferry does not write
        }
        return versions;
    }
}

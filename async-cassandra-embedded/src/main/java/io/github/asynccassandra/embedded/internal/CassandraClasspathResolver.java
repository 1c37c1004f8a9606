package io.github.asynccassandra.embedded.internal;

import io.github.asynccassandra.embedded.EmbeddedCassandraException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code org.apache.cassandra:cassandra-all} and its runtime dependencies with Maven
 * Resolver, the way Maven itself would: the user's {@code ~/.m2/settings.xml} (local repository,
 * offline mode, mirrors, proxies, server credentials) is honoured, and everything is cached in the
 * local repository so that later runs work offline.
 */
public final class CassandraClasspathResolver {

    private static final Logger log = LoggerFactory.getLogger(CassandraClasspathResolver.class);
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";

    private final Path userSettings;
    private final Path globalSettings;

    public CassandraClasspathResolver() {
        this(Path.of(System.getProperty("user.home"), ".m2", "settings.xml"),
                System.getProperty("maven.home") == null ? null
                        : Path.of(System.getProperty("maven.home"), "conf", "settings.xml"));
    }

    CassandraClasspathResolver(Path userSettings, Path globalSettings) {
        this.userSettings = userSettings;
        this.globalSettings = globalSettings;
    }

    /** Returns the jars of {@code cassandra-all:version} and its runtime dependencies. */
    public List<Path> resolve(String version) {
        Settings settings = readSettings();
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (RepositorySystemSession.CloseableSession session = newSession(system, settings)) {
            RemoteRepository central = new RemoteRepository.Builder("central", "default", CENTRAL).build();
            List<RemoteRepository> repositories = system.newResolutionRepositories(session, List.of(central));
            String coordinates = "org.apache.cassandra:cassandra-all:" + version;
            CollectRequest collect = new CollectRequest(
                    new Dependency(new DefaultArtifact(coordinates), JavaScopes.RUNTIME), repositories);
            DependencyRequest request = new DependencyRequest(collect,
                    DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME));
            long started = System.nanoTime();
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult result : system.resolveDependencies(session, request).getArtifactResults()) {
                jars.add(result.getArtifact().getPath());
            }
            log.debug("Resolved {} ({} jars) in {} ms", coordinates, jars.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return jars;
        } catch (DependencyResolutionException e) {
            throw new EmbeddedCassandraException("Cannot resolve org.apache.cassandra:cassandra-all:" + version
                    + " and its dependencies from Maven repositories (is the version right, and is a repository "
                    + "reachable or the local repository populated for offline use?): " + e.getMessage(), e);
        } finally {
            system.shutdown();
        }
    }

    private RepositorySystemSession.CloseableSession newSession(RepositorySystem system, Settings settings) {
        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get();
        builder.withLocalRepositoryBaseDirectories(localRepository(settings));
        builder.setOffline(settings.isOffline());
        builder.setSystemProperties(System.getProperties());
        builder.setConfigProperties(new Properties());

        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror mirror : settings.getMirrors()) {
            mirrors.add(mirror.getId(), mirror.getUrl(), mirror.getLayout(), false, false,
                    mirror.getMirrorOf(), mirror.getMirrorOfLayouts());
        }
        builder.setMirrorSelector(mirrors);

        DefaultProxySelector proxies = new DefaultProxySelector();
        for (Proxy proxy : settings.getProxies()) {
            if (!proxy.isActive()) {
                continue;
            }
            AuthenticationBuilder auth = new AuthenticationBuilder()
                    .addUsername(proxy.getUsername()).addPassword(proxy.getPassword());
            proxies.add(new org.eclipse.aether.repository.Proxy(proxy.getProtocol(), proxy.getHost(),
                    proxy.getPort(), auth.build()), proxy.getNonProxyHosts());
        }
        builder.setProxySelector(proxies);

        DefaultAuthenticationSelector authentication = new DefaultAuthenticationSelector();
        for (Server server : settings.getServers()) {
            authentication.add(server.getId(), new AuthenticationBuilder()
                    .addUsername(server.getUsername()).addPassword(server.getPassword())
                    .addPrivateKey(server.getPrivateKey(), server.getPassphrase()).build());
        }
        builder.setAuthenticationSelector(authentication);
        return builder.build();
    }

    private Path localRepository(Settings settings) {
        String override = System.getProperty("maven.repo.local");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        if (settings.getLocalRepository() != null && !settings.getLocalRepository().isBlank()) {
            return Path.of(settings.getLocalRepository());
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private Settings readSettings() {
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        request.setSystemProperties(System.getProperties());
        if (userSettings != null && Files.isRegularFile(userSettings)) {
            request.setUserSettingsFile(userSettings.toFile());
        }
        if (globalSettings != null && Files.isRegularFile(globalSettings)) {
            request.setGlobalSettingsFile(globalSettings.toFile());
        }
        try {
            return new DefaultSettingsBuilderFactory().newInstance().build(request).getEffectiveSettings();
        } catch (SettingsBuildingException e) {
            throw new EmbeddedCassandraException("Cannot read Maven settings (" + userSettings + "): "
                    + e.getMessage(), e);
        }
    }
}

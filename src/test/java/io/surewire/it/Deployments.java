package io.surewire.it;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployments of the integration tests: the WAR the build produced, as a user deploys it, with
 * settings of the test's own in {@code META-INF/microprofile-config.properties}.
 */
public final class Deployments {

    private Deployments() {
    }

    /**
     * The Surewire WAR with the given configuration (MicroProfile Config names and values). Security
     * is on, with the tests' secret ({@link TestTokens}), unless the settings say otherwise. Its start
     * resumes no job execution (the tests share one database, and a deployment of one test must not
     * take over another's running job) unless the settings ask for it. The settings of the system
     * property {@code surewire.it.settings} ({@code name=value}, comma separated), which one run of the
     * suite sets, come on top of the test's own unless it has the same name.
     */
    public static WebArchive surewire(Map<String, String> settings) {
        WebArchive war = ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("surewire.war")));
        Map<String, String> all = new TreeMap<>(settings);
        all.putIfAbsent("surewire.security.jwt.secret", TestTokens.SECRET);
        all.putIfAbsent("surewire.jobs.resume-on-start", "false");
        pairs(System.getProperty("surewire.it.settings")).forEach(all::putIfAbsent);
        String properties = all.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        war.addAsResource(new StringAsset(properties), "META-INF/microprofile-config.properties");
        return war;
    }

    /** {@code a=1,b=2} as a map (none for {@code null}); an entry without {@code =} is left out. */
    public static Map<String, String> pairs(String text) {
        Map<String, String> pairs = new HashMap<>();
        for (String pair : text == null ? new String[0] : text.split(",")) {
            if (pair.contains("=")) {
                pairs.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return pairs;
    }

    /** The same WAR under another name: for tests that deploy several, one after the other. */
    public static WebArchive named(String name, WebArchive war) {
        return ShrinkWrap.create(WebArchive.class, name).merge(war);
    }

    public static WebArchive surewire() {
        return surewire(Map.of());
    }

    /** The WAR with the test hooks of {@link io.surewire.it.hooks} (transactions that commit or roll back on demand). */
    public static WebArchive withHooks(Map<String, String> settings) {
        return surewire(settings).addPackage(io.surewire.it.hooks.TestHooks.class.getPackage());
    }
}

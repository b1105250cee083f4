package dev.portico.gateway.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The whole config folder at one moment: gateway settings, every app by name, and the egress policy
 * when the folder has an {@code egress/} folder. Immutable; the file stamps let a reload re-read only the
 * app files that changed.
 */
public record ConfigSnapshot(Path folder, GatewayConfig gateway, SortedMap<String, AppConfig> apps,
                             Map<String, FileStamp> stamps, Optional<EgressConfig> egress) {

    public ConfigSnapshot {
        requireNonNull(folder, "folder");
        requireNonNull(gateway, "gateway");
        // the config folder's immutable sorted arrays are kept as they are: 100,000 apps are not copied
        apps = apps instanceof SortedArrayMap ? apps : Collections.unmodifiableSortedMap(new TreeMap<>(apps));
        stamps = stamps instanceof SortedArrayMap ? stamps : Map.copyOf(stamps);
        requireNonNull(egress, "egress");
    }

    /** A snapshot without an egress policy. */
    public ConfigSnapshot(Path folder, GatewayConfig gateway, SortedMap<String, AppConfig> apps,
                          Map<String, FileStamp> stamps) {
        this(folder, gateway, apps, stamps, Optional.empty());
    }

    /**
     * Size, modification time and identity (device and inode, or null where the file system has none)
     * of one app file, as last read. The identity tells apart two atomic replacements of the same size
     * within one tick of the file system's clock.
     */
    public record FileStamp(long size, long modifiedNanos, Object fileKey) {
    }
}

package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.registry.service.ImageManifests;
import io.keyport.backend.registry.service.ManifestListener;
import io.keyport.backend.registry.service.ManifestParser;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Helm charts pushed as OCI artifacts into Keyport's image registry ({@code helm push chart.tgz
 * oci://host/team}, ORAS) join the catalogue (decision 0045): told by the registry of every manifest
 * it stores, in the push's transaction, this recognises Helm's chart manifests (config media type
 * {@value #CONFIG}, one layer of type {@value #CHART_LAYER}) and hands the layer to
 * {@link ChartService#addPushed}. Anything else pushed is none of its business; a chart that cannot
 * join (invalid, another team's name, a version already listed) is logged and the push succeeds as
 * it would without the App Store.
 */
public final class OciCharts implements ManifestListener {

    /** The config media type of a Helm chart in an OCI registry (Helm's {@code registry.ConfigMediaType}). */
    public static final String CONFIG = "application/vnd.cncf.helm.config.v1+json";

    /** The media type of the chart archive layer (Helm's {@code registry.ChartLayerMediaType}). */
    public static final String CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private static final Logger LOG = Logger.getLogger(OciCharts.class.getName());

    private final ChartService charts;
    private final ImageManifests manifests;

    public OciCharts(ChartService charts, ImageManifests manifests) {
        this.charts = charts;
        this.manifests = manifests;
    }

    @Override
    public void stored(
            Connection c, Actor pushedBy, RepositoryName repository, Digest digest, ManifestParser.Parsed parsed)
            throws SQLException {
        if (!CONFIG.equals(parsed.artifactType())) {
            return;
        }
        Optional<ImageManifests.Image> image = manifests.find(c, repository.value(), digest.toString());
        if (image.isEmpty()) {
            return;
        }
        List<String> layers = chartLayers(image.get().content());
        Optional<String> refused = layers.size() == 1
                ? charts.addPushed(
                        c, pushedBy, repository.team(), repository.value(), digest.toString(), layers.getFirst())
                : Optional.of("a Helm chart manifest has one layer of type " + CHART_LAYER + ", this one has "
                        + layers.size());
        refused.ifPresent(why -> LOG.info(
                "The chart pushed to " + repository + "@" + digest + " is not in the App Store's catalogue: " + why));
    }

    /** The digests of the chart layers of a manifest the registry parsed already. */
    static List<String> chartLayers(byte[] manifest) {
        List<String> found = new ArrayList<>();
        try {
            for (JsonNode layer : Json.mapper().readTree(manifest).path("layers")) {
                if (CHART_LAYER.equals(layer.path("mediaType").asText())) {
                    found.add(layer.path("digest").asText());
                }
            }
        } catch (IOException e) {
            return List.of(); // the registry stores only manifests it could parse
        }
        return found;
    }
}

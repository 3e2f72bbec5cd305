package io.keyport.backend.appstore;

import java.util.List;

/**
 * Charts with real templates for the release tests: a Deployment whose replicas and image tag come
 * from the values, a Service and a ConfigMap, with a values schema (replicaCount an integer of at
 * least 1, image.tag a string). The chart's appVersion equals its version.
 */
public final class ReleaseCharts {

    private ReleaseCharts() {}

    public static byte[] web(String name, String version) {
        return new TestCharts.Builder()
                .dir(name + "/")
                .file(name + "/Chart.yaml", TestCharts.chartYaml(name, version, "A web server", List.of("web")))
                .file(name + "/values.yaml", "replicaCount: 1\nimage:\n  repository: nginx\n  tag: \"1.27\"\n")
                .file(
                        name + "/values.schema.json",
                        "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                                + "\"required\":[\"replicaCount\"],\"properties\":{"
                                + "\"replicaCount\":{\"type\":\"integer\",\"minimum\":1},"
                                + "\"image\":{\"type\":\"object\",\"properties\":{\"tag\":{\"type\":\"string\"}}}}}")
                .file(name + "/templates/deployment.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: {{ .Release.Name }}
                          labels:
                            app: {{ .Release.Name }}
                        spec:
                          replicas: {{ .Values.replicaCount }}
                          selector:
                            matchLabels:
                              app: {{ .Release.Name }}
                          template:
                            metadata:
                              labels:
                                app: {{ .Release.Name }}
                            spec:
                              containers:
                                - name: web
                                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                        """)
                .file(name + "/templates/service.yaml", """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: {{ .Release.Name }}
                        spec:
                          selector:
                            app: {{ .Release.Name }}
                          ports:
                            - port: 80
                        """)
                .file(name + "/templates/configmap.yaml", """
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: {{ .Release.Name }}-settings
                        data:
                          chart: "{{ .Chart.Version }}"
                        """)
                .file(name + "/README.md", "# " + name + "\n")
                .gzip();
    }
}

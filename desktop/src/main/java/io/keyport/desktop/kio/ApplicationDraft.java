package io.keyport.desktop.kio;

import io.keyport.model.kio.Application;
import io.keyport.model.kio.StoreApplication;

/**
 * The fields of an application the console edits. A null field is left out of the update and
 * keeps its stored value (Kio's partial update); an empty text is sent as null for the same reason,
 * since Kio cannot clear an optional field.
 */
public record ApplicationDraft(
        String teamId,
        Boolean active,
        String name,
        String subtitle,
        String description,
        String serviceUrl,
        String scmUrl,
        String incidentContact,
        Integer criticalityLevel) {

    /** The draft of an existing application, for editing. */
    public static ApplicationDraft of(Application a) {
        return new ApplicationDraft(
                a.teamId(),
                a.active(),
                a.name(),
                a.subtitle(),
                a.description(),
                a.serviceUrl(),
                a.scmUrl(),
                a.incidentContact(),
                a.criticalityLevel());
    }

    StoreApplication toStore() {
        return new StoreApplication(
                blank(teamId),
                active,
                blank(name),
                blank(subtitle),
                blank(description),
                blank(serviceUrl),
                blank(scmUrl),
                null,
                null,
                null,
                null,
                blank(incidentContact),
                criticalityLevel,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}

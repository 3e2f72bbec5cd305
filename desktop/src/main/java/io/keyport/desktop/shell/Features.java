package io.keyport.desktop.shell;

import java.util.List;
import java.util.function.Function;

/**
 * The registry of the console's features, in sidebar order (Ctrl+1 opens the first). A feature is
 * added with one line in {@link #ALL}: its constructor taking a {@link FeatureContext}, e.g.
 * {@code ApplicationsFeature::new}. With none registered the shell shows its welcome page.
 */
public final class Features {

    /** Every feature, in sidebar order. */
    static final List<Function<FeatureContext, Feature>> ALL = List.of(
            io.keyport.desktop.dashboard.DashboardFeature::create,
            io.keyport.desktop.applications.ApplicationsFeature::create,
            io.keyport.desktop.approvals.ApprovalsFeature::create,
            io.keyport.desktop.images.ImagesFeature::create,
            io.keyport.desktop.appstore.AppStoreFeature::create,
            io.keyport.desktop.archives.ArchivesFeature::create,
            io.keyport.desktop.tuf.TufFeature::create,
            io.keyport.desktop.ceremonies.CeremoniesFeature::create,
            io.keyport.desktop.admin.AdministrationFeature::create,
            io.keyport.desktop.audit.AuditFeature::create);

    private Features() {}

    /** Creates every registered feature for a new session. */
    public static List<Feature> create(FeatureContext context) {
        return ALL.stream().map(factory -> factory.apply(context)).toList();
    }
}

package io.keyport.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import io.keyport.model.common.Timestamps;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of ARCHITECTURE.md, enforced: inside a domain only {@code api -> service -> store},
 * never backwards; services and stores know nothing of the web server; a domain reaches another
 * domain's data only through its services. Domains are the first-level packages that are not the
 * platform's; each has one module, and there are no cycles between them.
 */
class ArchitectureTest {

    private static final String ROOT = "io.keyport.backend";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void servicesAndStoresDoNotDependOnTheWebServer() {
        noClasses()
                .that()
                .resideInAnyPackage("..service..", "..store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.helidon.webserver..")
                .check(classes);
    }

    @Test
    void storesDoNotCallServicesOrApis() {
        noClasses()
                .that()
                .resideInAPackage("..store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..service..", "..api..")
                .check(classes);
    }

    @Test
    void servicesDoNotCallApis() {
        noClasses()
                .that()
                .resideInAPackage("..service..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..api..")
                .check(classes);
    }

    @Test
    void apisGoThroughServices() {
        noClasses()
                .that()
                .resideInAPackage("..api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..store..")
                .check(classes);
    }

    /**
     * The platform's packages: the platform package itself and those of the types the
     * {@link Platform} record hands to every module (database, storage, audit log, events, metrics
     * and routes, task queue). Every other first-level package is a domain.
     */
    private static Set<String> platformPackages() {
        Set<String> packages = new TreeSet<>();
        packages.add(Platform.class.getPackageName());
        for (RecordComponent component : Platform.class.getRecordComponents()) {
            String name = component.getType().getPackageName();
            if (name.startsWith(ROOT + ".")) {
                packages.add(name);
            }
        }
        return packages;
    }

    /** The domains: first-level packages below the root that are not platform packages. */
    private static Set<String> domains() {
        Set<String> platform = platformPackages();
        Set<String> domains = new TreeSet<>();
        for (JavaClass c : classes) {
            String pkg = c.getPackageName();
            if (pkg.startsWith(ROOT + ".")
                    && platform.stream().noneMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."))) {
                domains.add(pkg.substring(ROOT.length() + 1).split("\\.")[0]);
            }
        }
        domains.removeIf(d -> platform.contains(ROOT + "." + d));
        return domains;
    }

    @Test
    void theDomainsAreFoundInThePackageTree() {
        assertThat(domains())
                .contains("identity", "kio", "audit", "tasks", "operations")
                .doesNotContain("platform", "db", "http", "events", "storage");
    }

    @Test
    void noCyclesBetweenDomains() {
        String[] platform = platformPackages().stream().map(p -> p + "..").toArray(String[]::new);
        slices().matching(ROOT + ".(*)..")
                .should()
                .beFreeOfCycles()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), JavaClass.Predicates.resideInAnyPackage(platform))
                .ignoreDependency(JavaClass.Predicates.resideInAnyPackage(platform), DescribedPredicate.alwaysTrue())
                .check(classes);
    }

    @Test
    void everyDomainHasOneModule() {
        for (String domain : domains()) {
            classes()
                    .that()
                    .resideInAPackage(ROOT + "." + domain)
                    .and()
                    .implement(DomainModule.class)
                    .should()
                    .haveSimpleNameEndingWith("Module")
                    .allowEmptyShould(false)
                    .check(classes);
        }
    }

    @Test
    void theCompositionRootOnlyWiresModules() {
        String[] platform = platformPackages().stream().map(p -> p + "..").toArray(String[]::new);
        noClasses()
                .that()
                .haveFullyQualifiedName(KeyportServer.class.getName())
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("..store..", "..service..", "..api..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(platform))))
                .check(classes);
    }

    /**
     * Each domain reads only its own settings: what a domain's classes ask {@link KeyportConfig} for
     * is a record of the domain's own packages or of the platform's (the HTTP limits every module's
     * services apply), never another domain's record or a loose value such as the data folder.
     */
    @Test
    void eachDomainReadsOnlyItsOwnSettings() {
        Set<String> platform = platformPackages();
        for (String domain : domains()) {
            String own = ROOT + "." + domain;
            DescribedPredicate<JavaMethodCall> foreignSetting = DescribedPredicate.describe(
                    "KeyportConfig for settings that are neither " + domain + "'s nor the platform's",
                    call -> call.getTargetOwner().isEquivalentTo(KeyportConfig.class)
                            && !within(call.getTarget().getRawReturnType().getPackageName(), own, platform));
            noClasses()
                    .that()
                    .resideInAPackage(own + "..")
                    .should()
                    .callMethodWhere(foreignSetting)
                    .check(classes);
        }
    }

    private static boolean within(String pkg, String own, Set<String> platform) {
        return pkg.equals(own)
                || pkg.startsWith(own + ".")
                || platform.stream().anyMatch(p -> pkg.equals(p) || pkg.startsWith(p + "."));
    }

    @Test
    void noDomainReadsAnotherDomainsStore() {
        for (String domain : domains()) {
            noClasses()
                    .that()
                    .resideOutsideOfPackage(ROOT + "." + domain + "..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage(ROOT + "." + domain + ".store..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    /**
     * Server time comes from the platform's {@code Clock} (tests move it without sleeping); only the
     * composition root creates the system clock. Storage too: its purge cut-off is the platform
     * clock's, compared with the backing store's own timestamps (file times, S3 {@code LastModified}).
     */
    @Test
    void serverTimeComesFromThePlatformClock() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(KeyportServer.class.getName())
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(Timestamps.class, "now")
                .check(classes);
    }
}

package io.keyport.backend;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of ARCHITECTURE.md, enforced: inside a domain only {@code api -> service -> store},
 * never backwards; services and stores know nothing of the web server; a domain reaches another
 * domain's data only through its services.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.keyport.backend");
    }

    @Test
    void servicesAndStoresDoNotDependOnTheWebServer() {
        noClasses().that().resideInAnyPackage("..service..", "..store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon.webserver..")
                .check(classes);
    }

    @Test
    void storesDoNotCallServicesOrApis() {
        noClasses().that().resideInAPackage("..store..")
                .should().dependOnClassesThat().resideInAnyPackage("..service..", "..api..")
                .check(classes);
    }

    @Test
    void servicesDoNotCallApis() {
        noClasses().that().resideInAPackage("..service..")
                .should().dependOnClassesThat().resideInAPackage("..api..")
                .check(classes);
    }

    @Test
    void apisGoThroughServices() {
        noClasses().that().resideInAPackage("..api..")
                .should().dependOnClassesThat().resideInAPackage("..store..")
                .check(classes);
    }

    @Test
    void noDomainReadsAnotherDomainsStore() {
        for (String domain : new String[] {"identity", "kio", "audit", "tasks"}) {
            noClasses().that().resideOutsideOfPackage("io.keyport.backend." + domain + "..")
                    .and().doNotHaveFullyQualifiedName(KeyportServer.class.getName())
                    .should().dependOnClassesThat().resideInAPackage("io.keyport.backend." + domain + ".store..")
                    .check(classes);
        }
    }
}

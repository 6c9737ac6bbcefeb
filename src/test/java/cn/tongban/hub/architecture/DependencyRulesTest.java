package cn.tongban.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency directions each package-info.java promises, kept honest (after X-Road's ArchUnit rules):
 * crypto ← trust ← protocol ← directory ← pki ← cli/bench, and none of them on Spring or Camel.
 */
class DependencyRulesTest {
    static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.tongban.hub");
    }

    private static final String[] CORE = {"cn.tongban.hub.crypto..", "cn.tongban.hub.trust..", "cn.tongban.hub.protocol..",
            "cn.tongban.hub.directory..", "cn.tongban.hub.pki..", "cn.tongban.hub.cli..", "cn.tongban.hub.bench.."};

    @Test
    void coreAndCommandLineUseNoSpringOrCamel() {
        ArchRule r = noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..");
        r.check(classes);
    }

    /** crypto may use only itself, the JDK and Bouncy Castle. */
    @Test
    void cryptoDependsOnNothingOfOurs() {
        classes().that().resideInAPackage("cn.tongban.hub.crypto..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("cn.tongban.hub.crypto..", "java..", "javax..",
                        "org.bouncycastle..")
                .check(classes);
    }

    @Test
    void trustDependsOnlyOnCrypto() {
        noClasses().that().resideInAPackage("cn.tongban.hub.trust..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.protocol..", "cn.tongban.hub.directory..",
                        "cn.tongban.hub.pki..", "cn.tongban.hub.cli..", "cn.tongban.hub.bench..")
                .check(classes);
    }

    @Test
    void protocolKnowsNoDirectoryOrTooling() {
        noClasses().that().resideInAPackage("cn.tongban.hub.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.directory..", "cn.tongban.hub.pki..",
                        "cn.tongban.hub.cli..", "cn.tongban.hub.bench..")
                .check(classes);
    }

    @Test
    void directoryKnowsNoTooling() {
        noClasses().that().resideInAPackage("cn.tongban.hub.directory..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.pki..", "cn.tongban.hub.cli..",
                        "cn.tongban.hub.bench..")
                .check(classes);
    }

    /** The audit trail sits under the exchange: it knows no message format, broker, web layer or wiring. */
    @Test
    void auditKnowsNoExchangeCamelOrWeb() {
        noClasses().that().resideInAPackage("cn.tongban.hub.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.exchange..", "cn.tongban.hub.protocol..",
                        "cn.tongban.hub.transport..", "cn.tongban.hub.routes..", "cn.tongban.hub.api..", "cn.tongban.hub.app..",
                        "cn.tongban.hub.store..", "org.apache.camel..", "org.springframework.web..", "jakarta.servlet..")
                .check(classes);
    }

    /** What {@code audit verify} loads runs without Spring: only the writer uses Spring JDBC. */
    @Test
    void theAuditVerifierUsesPlainJdbc() {
        noClasses().that().resideInAPackage("cn.tongban.hub.audit..").and().doNotBelongToAnyOf(cn.tongban.hub.audit.StoredAuditTrail.class)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(classes);
    }

    /** The protocol core stays free of the audit trail: the exchange records what the protocol decided. */
    @Test
    void protocolAndDirectoryKnowNoAudit() {
        noClasses().that().resideInAnyPackage("cn.tongban.hub.protocol..", "cn.tongban.hub.directory..", "cn.tongban.hub.crypto..",
                        "cn.tongban.hub.trust..", "cn.tongban.hub.store..")
                .should().dependOnClassesThat().resideInAPackage("cn.tongban.hub.audit..")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("cn.tongban.hub.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void adaptersStayIndependentOfEachOther() {
        for (String a : new String[] {"registration", "licence", "pull"}) {
            noClasses().that().resideInAPackage("cn.tongban.hub.adapters." + a + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(
                            java.util.Arrays.stream(new String[] {"registration", "licence", "pull"}).filter(b -> !b.equals(a))
                                    .map(b -> "cn.tongban.hub.adapters." + b + "..").toArray(String[]::new))
                    .check(classes);
        }
    }

    /** Spring Integration is there for the pull lock only (adapters.pull.PullLock), not as a second messaging layer. */
    @Test
    void onlyThePullLockUsesSpringIntegration() {
        noClasses().that().resideOutsideOfPackage("cn.tongban.hub.adapters.pull..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.integration..")
                .check(classes);
    }

    @Test
    void handlingReachesSystemsOnlyThroughItsInterfaces() {
        noClasses().that().resideInAnyPackage("cn.tongban.hub.handling..", "cn.tongban.hub.bundles..", "cn.tongban.hub.queries..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.adapters..", "org.apache.camel..",
                        "cn.tongban.hub.app..", "cn.tongban.hub.api..")
                .check(classes);
    }

    /** Meters are defined in ops alone: the exchange reports through its own interface, the core knows nothing of them. */
    @Test
    void onlyOpsKnowsMicrometer() {
        noClasses().that().resideOutsideOfPackages("cn.tongban.hub.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(classes);
    }

    /** Nothing depends on ops: it reads and is told, it is never asked. */
    @Test
    void nothingDependsOnOps() {
        noClasses().that().resideOutsideOfPackages("cn.tongban.hub.ops..")
                .should().dependOnClassesThat().resideInAPackage("cn.tongban.hub.ops..")
                .check(classes);
    }

    @Test
    void opsReachesNoApiTransportOrTooling() {
        noClasses().that().resideInAPackage("cn.tongban.hub.ops..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.api..", "cn.tongban.hub.transport..",
                        "cn.tongban.hub.app..", "cn.tongban.hub.demo..", "cn.tongban.hub.cli..", "cn.tongban.hub.bench..",
                        "org.apache.camel..")
                .check(classes);
    }

    @Test
    void theCaseModelDependsOnNothingButCryptoAndJson() {
        classes().that().resideInAPackage("cn.tongban.hub.cases..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("cn.tongban.hub.cases..", "cn.tongban.hub.crypto..",
                        "java..", "com.fasterxml.jackson..")
                .check(classes);
    }

    /** Access control reads only the TEP path and problem details of the transport; nothing reaches into it. */
    @Test
    void securityStandsApart() {
        noClasses().that().resideInAPackage("cn.tongban.hub.security..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.exchange..", "cn.tongban.hub.store..",
                        "cn.tongban.hub.api..", "cn.tongban.hub.app..", "cn.tongban.hub.console..", "cn.tongban.hub.handling..",
                        "org.apache.camel..")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("cn.tongban.hub.security..")
                .should().dependOnClassesThat().resideInAPackage("cn.tongban.hub.security..")
                .check(classes);
    }

    /** The console is pages over the API: it uses no package of the hub, and none uses it. */
    @Test
    void theConsoleUsesOnlyTheApi() {
        noClasses().that().resideInAPackage("cn.tongban.hub.console..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.tongban.hub.exchange..", "cn.tongban.hub.store..",
                        "cn.tongban.hub.api..", "cn.tongban.hub.app..", "cn.tongban.hub.handling..", "cn.tongban.hub.routes..",
                        "org.apache.camel..")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("cn.tongban.hub.console..")
                .should().dependOnClassesThat().resideInAPackage("cn.tongban.hub.console..")
                .check(classes);
    }
}

package cn.tongban.hub.app;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import cn.tongban.hub.adapters.licence.LicenceLibraryClient;
import cn.tongban.hub.adapters.licence.LicenceLibraryProperties;
import cn.tongban.hub.adapters.licence.LicenceVerifier;
import cn.tongban.hub.adapters.registration.RegistrationClient;
import cn.tongban.hub.cases.CaseJson;
import cn.tongban.hub.exchange.DirectoryService;
import cn.tongban.hub.exchange.NodeCredentials;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.handling.CaseHandling;
import cn.tongban.hub.handling.CaseIntake;
import cn.tongban.hub.handling.CaseRegistry;
import cn.tongban.hub.handling.DecidingSystem;
import cn.tongban.hub.handling.LicenceChecker;

/**
 * Wires case handling to the adapters: licences held in this region are checked in its own library,
 * others through the holder region's hub; the deciding system is whichever adapter provides one.
 */
@Configuration(proxyBeanMethods = false)
public class HandlingConfiguration {
    @Bean
    CaseJson caseJson(Clock clock) {
        return new CaseJson(new cn.tongban.hub.cases.CaseValidator(clock, java.util.Set.of()));
    }

    @Bean
    CaseRegistry caseRegistry(JdbcTemplate jdbc) {
        return new CaseRegistry(jdbc);
    }

    @Bean
    LicenceChecker licenceChecker(NodeCredentials me, LicenceVerifier verifier, ObjectProvider<LicenceLibraryClient> library) {
        return (holderNode, request) -> {
            if (!holderNode.equals(me.node())) {
                return verifier.verifyRemote(holderNode, request);
            }
            LicenceLibraryClient local = library.getIfAvailable();
            if (local == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("this region's licence library is not configured"));
            }
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return local.check(request);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        };
    }

    @Bean
    CaseHandling caseHandling(CaseJson json, LicenceChecker licences, ObjectProvider<DecidingSystem> decider,
                              ObjectProvider<RegistrationClient> registration, OutboundExchange outbound,
                              DirectoryService directory, CaseRegistry registry, Clock clock,
                              LicenceLibraryProperties licenceProperties, NodeCredentials me) {
        // a deciding system declared outright wins; else the ministry registration system over SOAP, when enabled
        DecidingSystem d = decider.getIfAvailable();
        RegistrationClient soap = registration.getIfAvailable();
        if (d == null && soap != null) {
            d = c -> soap.submit(c).status();
        }
        return new CaseHandling(json, licences, d, outbound, directory, registry, clock,
                licenceProperties.getRemoteTimeout(), me.node());
    }

    @Bean
    CaseIntake caseIntake(CaseJson json, OutboundExchange outbound, DirectoryService directory, CaseRegistry registry, Clock clock) {
        return new CaseIntake(json, outbound, directory, registry, clock);
    }
}

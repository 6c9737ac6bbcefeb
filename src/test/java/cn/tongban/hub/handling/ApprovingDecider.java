package cn.tongban.hub.handling;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.cases.CaseState;
import cn.tongban.hub.cases.CaseStatus;

/** A deciding system for tests: approves every case, and remembers which it was asked to decide. */
@Configuration(proxyBeanMethods = false)
public class ApprovingDecider {
    public static final List<String> DECIDED = new CopyOnWriteArrayList<>();

    @Bean
    DecidingSystem testDecidingSystem() {
        return c -> {
            DECIDED.add(c.caseId());
            return new CaseStatus(c.caseId(), CaseState.APPROVED, List.of(), c.decidingAuthority(), OffsetDateTime.now());
        };
    }
}

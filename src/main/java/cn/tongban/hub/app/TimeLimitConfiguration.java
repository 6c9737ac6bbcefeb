package cn.tongban.hub.app;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import cn.tongban.hub.cases.TimeLimit;
import cn.tongban.hub.cases.WorkingCalendar;
import cn.tongban.hub.handling.CaseRegistry;
import cn.tongban.hub.handling.TimeLimitBoard;

/** The working-day calendar of {@link TimeLimitProperties} and the board of running time limits on it. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TimeLimitProperties.class)
public class TimeLimitConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(TimeLimitConfiguration.class);

    @Bean
    TimeLimit.Rules timeLimitRules(TimeLimitProperties p, Clock clock) {
        WorkingCalendar calendar;
        try {
            calendar = new WorkingCalendar(p.getHolidays(), p.getWorkingWeekends());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tongban.time-limits: " + e.getMessage(), e);
        }
        int year = clock.instant().atZone(p.getZone()).getYear();
        if (!calendar.knowsYear(year)) {
            LOG.warn("tongban.time-limits lists no holiday for {}: due days count every Monday to Friday as a working day "
                    + "(give tongban.time-limits.holidays and .working-weekends from the year's notice)", year);
        }
        try {
            return new TimeLimit.Rules(calendar, p.getZone(), p.getDueSoonWorkingDays());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tongban.time-limits.due-soon-working-days: " + e.getMessage(), e);
        }
    }

    @Bean
    TimeLimitBoard timeLimitBoard(CaseRegistry registry, TimeLimit.Rules rules, Clock clock) {
        return new TimeLimitBoard(registry, rules, clock);
    }
}

package cn.tongban.hub.cases;

import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Working-day arithmetic of the promised time limit (承诺时限). Convention under test: the day of acceptance
 * never counts, whatever the hour (《民法典》第二百零一条: a period in days starts the day after); the first
 * working day after it is day 1. The calendar of 2026's National Day week: 2026-10-01 (Thursday) to 10-07 off,
 * Sunday 09-20 and Saturday 10-10 worked instead (调休).
 */
class WorkingCalendarTest {
    static final WorkingCalendar NATIONAL_DAY_2026 = new WorkingCalendar(
            List.of(parse("2026-10-01"), parse("2026-10-02"), parse("2026-10-03"), parse("2026-10-04"), parse("2026-10-05"),
                    parse("2026-10-06"), parse("2026-10-07")),
            List.of(parse("2026-09-20"), parse("2026-10-10")));
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final TimeLimit.Rules RULES = new TimeLimit.Rules(NATIONAL_DAY_2026, BEIJING, 1);

    @Test
    void theDatesOfTheTestCalendarAreTheWeekdaysItSays() {
        assertThat(parse("2026-10-01").getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
        assertThat(parse("2026-09-20").getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(parse("2026-10-10").getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
        assertThat(parse("2026-11-06").getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
    }

    @Test
    void weekendsDoNotCount() {
        WorkingCalendar c = WorkingCalendar.weekdaysOnly();
        assertThat(c.plusWorkingDays(parse("2026-11-02"), 5)).isEqualTo(parse("2026-11-09")); // Monday + 5: next Monday
        assertThat(c.plusWorkingDays(parse("2026-11-02"), 4)).isEqualTo(parse("2026-11-06"));
        assertThat(c.plusWorkingDays(parse("2026-11-06"), 1)).isEqualTo(parse("2026-11-09")); // Friday + 1: Monday
        assertThat(c.plusWorkingDays(parse("2026-11-07"), 1)).isEqualTo(parse("2026-11-09")); // Saturday + 1: Monday
        assertThat(c.plusWorkingDays(parse("2026-11-02"), 20)).isEqualTo(parse("2026-11-30"));
        assertThat(c.isWorkingDay(parse("2026-11-07"))).isFalse();
        assertThat(c.isWorkingDay(parse("2026-11-09"))).isTrue();
    }

    @Test
    void theHolidayWeekIsSkippedAndItsMakeUpDaysAreWorked() {
        WorkingCalendar c = NATIONAL_DAY_2026;
        assertThat(c.isWorkingDay(parse("2026-10-05"))).as("a Monday off").isFalse();
        assertThat(c.isWorkingDay(parse("2026-10-10"))).as("a Saturday worked").isTrue();
        assertThat(c.isWorkingDay(parse("2026-09-20"))).as("a Sunday worked").isTrue();
        assertThat(c.isWorkingDay(parse("2026-10-11"))).as("an ordinary Sunday").isFalse();
        assertThat(c.plusWorkingDays(parse("2026-09-30"), 1)).isEqualTo(parse("2026-10-08"));
        assertThat(c.plusWorkingDays(parse("2026-09-30"), 2)).isEqualTo(parse("2026-10-09"));
        assertThat(c.plusWorkingDays(parse("2026-09-30"), 3)).isEqualTo(parse("2026-10-10")); // the make-up Saturday
        assertThat(c.plusWorkingDays(parse("2026-09-30"), 4)).isEqualTo(parse("2026-10-12"));
        assertThat(c.plusWorkingDays(parse("2026-10-03"), 1)).as("accepted online during the holiday").isEqualTo(parse("2026-10-08"));
        assertThat(c.plusWorkingDays(parse("2026-09-18"), 1)).as("Friday + 1: the make-up Sunday").isEqualTo(parse("2026-09-20"));
        // 15 working days from 2026-09-25: 28, 29, 30, (holiday), 8, 9, 10, 12, 13, 14, 15, 16, 19, 20, 21, 22
        assertThat(c.plusWorkingDays(parse("2026-09-25"), 15)).isEqualTo(parse("2026-10-22"));
        assertThat(c.workingDaysAfter(parse("2026-09-30"), parse("2026-10-12"))).isEqualTo(4);
        assertThat(c.workingDaysAfter(parse("2026-10-12"), parse("2026-09-30"))).isZero();
    }

    @Test
    void aCaseAcceptedOnAFridayEveningStartsCountingOnMonday() {
        // 18:30 or one second before midnight, Beijing time: Friday does not count, Monday is day 1
        assertThat(RULES.evaluate(OffsetDateTime.parse("2026-11-06T18:30:00+08:00"), 1, null, Instant.parse("2026-11-06T10:30:00Z")).due())
                .isEqualTo(parse("2026-11-09"));
        assertThat(RULES.evaluate(OffsetDateTime.parse("2026-11-06T23:59:59+08:00"), 3, null, Instant.parse("2026-11-06T16:00:00Z")).due())
                .isEqualTo(parse("2026-11-11"));
        // the date is Beijing's: 17:00 UTC on Thursday is 01:00 on Friday in Beijing, so Friday is the day of acceptance
        TimeLimit t = RULES.evaluate(OffsetDateTime.parse("2026-11-05T17:00:00Z"), 1, null, Instant.parse("2026-11-05T17:00:00Z"));
        assertThat(t.accepted()).isEqualTo(parse("2026-11-06"));
        assertThat(t.due()).isEqualTo(parse("2026-11-09"));
    }

    @Test
    void aRunningCaseIsOnTimeThenDueSoonThenOverdue() {
        OffsetDateTime accepted = OffsetDateTime.parse("2026-09-30T16:00:00+08:00"); // 3 working days: due Saturday 10-10
        assertThat(at(accepted, 3, "2026-10-02T10:00:00+08:00")).isEqualTo(new TimeLimit(parse("2026-09-30"), parse("2026-10-10"),
                TimeLimit.State.ON_TIME, 3)); // during the holiday: 10-08, 10-09, 10-10 are left
        assertThat(at(accepted, 3, "2026-10-08T09:00:00+08:00").state()).isEqualTo(TimeLimit.State.ON_TIME);
        assertThat(at(accepted, 3, "2026-10-08T09:00:00+08:00").workingDaysLeft()).isEqualTo(2);
        assertThat(at(accepted, 3, "2026-10-09T09:00:00+08:00")).extracting(TimeLimit::state, TimeLimit::workingDaysLeft)
                .containsExactly(TimeLimit.State.DUE_SOON, 1);
        assertThat(at(accepted, 3, "2026-10-10T23:00:00+08:00")).extracting(TimeLimit::state, TimeLimit::workingDaysLeft)
                .containsExactly(TimeLimit.State.DUE_SOON, 0); // the due day itself
        assertThat(at(accepted, 3, "2026-10-11T08:00:00+08:00")).extracting(TimeLimit::state, TimeLimit::workingDaysLeft)
                .containsExactly(TimeLimit.State.OVERDUE, 0); // over, though no working day has passed since
        assertThat(at(accepted, 3, "2026-10-13T08:00:00+08:00")).extracting(TimeLimit::state, TimeLimit::workingDaysLeft)
                .containsExactly(TimeLimit.State.OVERDUE, -2);
    }

    @Test
    void aFinishedCaseTellsWhetherItFinishedOnTime() {
        OffsetDateTime accepted = OffsetDateTime.parse("2026-09-30T16:00:00+08:00");
        Instant later = Instant.parse("2026-12-01T00:00:00Z");
        TimeLimit onTime = RULES.evaluate(accepted, 3, OffsetDateTime.parse("2026-10-10T17:00:00+08:00"), later);
        assertThat(onTime.state()).isEqualTo(TimeLimit.State.FINISHED_ON_TIME);
        assertThat(onTime.workingDaysLeft()).isZero();
        TimeLimit late = RULES.evaluate(accepted, 3, OffsetDateTime.parse("2026-10-12T09:00:00+08:00"), later);
        assertThat(late.state()).isEqualTo(TimeLimit.State.FINISHED_LATE);
        assertThat(late.workingDaysLeft()).isEqualTo(-1);
        assertThat(late.state().code()).isEqualTo("finished-late");
    }

    @Test
    void theDueSoonMarginIsConfigurable() {
        TimeLimit.Rules three = new TimeLimit.Rules(NATIONAL_DAY_2026, BEIJING, 3);
        TimeLimit.Rules none = new TimeLimit.Rules(NATIONAL_DAY_2026, BEIJING, 0);
        OffsetDateTime accepted = OffsetDateTime.parse("2026-09-30T16:00:00+08:00");
        Instant oct8 = Instant.parse("2026-10-08T01:00:00Z");
        assertThat(three.evaluate(accepted, 3, null, oct8).state()).isEqualTo(TimeLimit.State.DUE_SOON);
        assertThat(none.evaluate(accepted, 3, null, Instant.parse("2026-10-09T01:00:00Z")).state()).isEqualTo(TimeLimit.State.ON_TIME);
        assertThat(none.evaluate(accepted, 3, null, Instant.parse("2026-10-10T01:00:00Z")).state()).isEqualTo(TimeLimit.State.DUE_SOON);
    }

    @Test
    void mistakesInTheCalendarOrLimitAreRefusedClearly() {
        assertThatThrownBy(() -> new WorkingCalendar(List.of(parse("2026-10-10")), List.of(parse("2026-10-10"), parse("2026-10-09"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-10-09 is a FRIDAY, not a weekend day")
                .hasMessageContaining("2026-10-10 is listed both as a holiday and as a working weekend day");
        assertThatThrownBy(() -> NATIONAL_DAY_2026.plusWorkingDays(parse("2026-10-10"), 0))
                .hasMessage("a time limit is at least 1 working day, not 0");
        assertThatThrownBy(() -> new TimeLimit.Rules(NATIONAL_DAY_2026, BEIJING, -1))
                .hasMessage("the due-soon margin is 0 or more working days, not -1");
    }

    @Test
    void aYearWithoutAnyConfiguredDayIsNoticed() {
        assertThat(NATIONAL_DAY_2026.knowsYear(2026)).isTrue();
        assertThat(NATIONAL_DAY_2026.knowsYear(2027)).isFalse();
    }

    private static TimeLimit at(OffsetDateTime accepted, int days, String now) {
        return RULES.evaluate(accepted, days, null, OffsetDateTime.parse(now).toInstant());
    }
}

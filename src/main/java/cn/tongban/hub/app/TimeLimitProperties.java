package cn.tongban.hub.app;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Promised time limits (承诺时限), under {@code tongban.time-limits}: the working-day calendar the due days are
 * counted on. Give the State Council's yearly holiday notice here (dates as {@code yyyy-MM-dd}); the hub ships
 * none and warns at start when the current year has none configured.
 */
@ConfigurationProperties("tongban.time-limits")
public class TimeLimitProperties {
    /** Public holidays and the days off around them (放假), e.g. 2026-10-01 to 2026-10-07. */
    private List<LocalDate> holidays = new ArrayList<>();
    /** Saturdays and Sundays worked instead (调休上班). Only weekend days are accepted. */
    private List<LocalDate> workingWeekends = new ArrayList<>();
    /** A running case is due soon when at most this many working days are left (0: only on its due day). */
    private int dueSoonWorkingDays = 1;
    /** The zone whose calendar days count (acceptance day, due day, today). */
    private ZoneId zone = ZoneId.of("Asia/Shanghai");

    public List<LocalDate> getHolidays() { return holidays; }
    public void setHolidays(List<LocalDate> v) { holidays = v; }
    public List<LocalDate> getWorkingWeekends() { return workingWeekends; }
    public void setWorkingWeekends(List<LocalDate> v) { workingWeekends = v; }
    public int getDueSoonWorkingDays() { return dueSoonWorkingDays; }
    public void setDueSoonWorkingDays(int v) { dueSoonWorkingDays = v; }
    public ZoneId getZone() { return zone; }
    public void setZone(ZoneId v) { zone = v; }
}

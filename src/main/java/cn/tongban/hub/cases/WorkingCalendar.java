package cn.tongban.hub.cases;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Working days (工作日) as Chinese authorities count them: Monday to Friday, less the public holidays
 * (法定节假日 and the days off around them, 放假), plus the weekend days worked instead (调休上班). Both lists are
 * the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知), given as configuration: the hub
 * ships none, because the notice is published each autumn for the next year.
 *
 * <p>Counting follows 《民法典》第二百零一条 and 《行政许可法》第八十二条: a time limit in days starts on the day
 * after the event (the day of acceptance itself never counts, whatever the hour), and only working days count.
 * So a case accepted on a Friday evening, or on a Saturday through an online window, has the next Monday (if
 * it is a working day) as its first day; a limit of 1 working day ends at the end of that day.
 */
public final class WorkingCalendar {
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workingWeekends;

    /**
     * @param holidays        days off, weekdays or not (a weekend day listed changes nothing)
     * @param workingWeekends Saturdays and Sundays worked (调休); a weekday here is a mistake and refused
     * @throws IllegalArgumentException listing every date that is both, or a weekday given as a working weekend
     */
    public WorkingCalendar(Collection<LocalDate> holidays, Collection<LocalDate> workingWeekends) {
        this.holidays = Set.copyOf(holidays);
        this.workingWeekends = Set.copyOf(workingWeekends);
        List<String> problems = new ArrayList<>();
        for (LocalDate d : new TreeSet<>(this.workingWeekends)) {
            if (!isWeekend(d)) {
                problems.add(d + " is a " + d.getDayOfWeek() + ", not a weekend day: only a Saturday or Sunday can be a working weekend day");
            }
            if (this.holidays.contains(d)) {
                problems.add(d + " is listed both as a holiday and as a working weekend day");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Monday to Friday with neither holiday nor weekend. */
    public static WorkingCalendar weekdaysOnly() {
        return new WorkingCalendar(Set.of(), Set.of());
    }

    public boolean isWorkingDay(LocalDate d) {
        if (workingWeekends.contains(d)) {
            return true;
        }
        return !isWeekend(d) && !holidays.contains(d);
    }

    /**
     * The {@code n}-th working day after {@code start} ({@code start} itself never counts): the last day of a
     * time limit of {@code n} working days that began on {@code start}.
     */
    public LocalDate plusWorkingDays(LocalDate start, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a time limit is at least 1 working day, not " + n);
        }
        LocalDate d = start;
        for (int left = n; left > 0; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                left--;
            }
        }
        return d;
    }

    /** The working days {@code d} with {@code from < d <= to}; 0 when {@code to} is not after {@code from}. */
    public int workingDaysAfter(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }

    /** Whether any holiday or working weekend day is configured in {@code year} (an empty year is likely a missing notice). */
    public boolean knowsYear(int year) {
        return holidays.stream().anyMatch(d -> d.getYear() == year) || workingWeekends.stream().anyMatch(d -> d.getYear() == year);
    }

    private static boolean isWeekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}

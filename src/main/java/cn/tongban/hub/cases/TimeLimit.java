package cn.tongban.hub.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * Where a case stands against its promised time limit (承诺时限): the last day it may be finished on
 * ({@code due}), its state, and the working days left. Counted from the acceptance (受理); a case never
 * accepted has no time limit running.
 *
 * @param due             the last working day of the limit ({@link WorkingCalendar#plusWorkingDays})
 * @param workingDaysLeft working days after today up to and including {@code due} (0 on the due day itself);
 *                        once over, minus the working days since {@code due} (0 on a weekend right after it).
 *                        For a finished case, counted from the day it finished.
 */
public record TimeLimit(LocalDate accepted, LocalDate due, State state, int workingDaysLeft) {

    public enum State {
        /** Open, more than the due-soon margin left. */
        ON_TIME,
        /** Open, at most the due-soon margin of working days left (the due day itself included). */
        DUE_SOON,
        /** Open, and the due day has passed. */
        OVERDUE,
        /** Finished (decided) on or before the due day. */
        FINISHED_ON_TIME,
        /** Finished after the due day. */
        FINISHED_LATE;

        /** The form the API and the console use: {@code due-soon}, {@code finished-on-time}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The rules a hub applies: its working-day calendar, the zone whose dates count (Beijing time), and how many
     * working days before the due day a case counts as due soon.
     */
    public record Rules(WorkingCalendar calendar, ZoneId zone, int dueSoonWorkingDays) {
        public Rules {
            if (dueSoonWorkingDays < 0) {
                throw new IllegalArgumentException("the due-soon margin is 0 or more working days, not " + dueSoonWorkingDays);
            }
        }

        /**
         * @param acceptedAt  when the case was accepted (受理)
         * @param workingDays its promised time limit, at least 1
         * @param finishedAt  when it was decided (办结), or null while open
         * @param now         the hub's time
         */
        public TimeLimit evaluate(OffsetDateTime acceptedAt, int workingDays, OffsetDateTime finishedAt, Instant now) {
            LocalDate accepted = acceptedAt.atZoneSameInstant(zone).toLocalDate();
            LocalDate due = calendar.plusWorkingDays(accepted, workingDays);
            if (finishedAt != null) {
                LocalDate finished = finishedAt.atZoneSameInstant(zone).toLocalDate();
                boolean onTime = !finished.isAfter(due);
                return new TimeLimit(accepted, due, onTime ? State.FINISHED_ON_TIME : State.FINISHED_LATE, left(finished, due));
            }
            LocalDate today = now.atZone(zone).toLocalDate();
            int left = left(today, due);
            State state = today.isAfter(due) ? State.OVERDUE : left <= dueSoonWorkingDays ? State.DUE_SOON : State.ON_TIME;
            return new TimeLimit(accepted, due, state, left);
        }

        private int left(LocalDate day, LocalDate due) {
            return day.isAfter(due) ? -calendar.workingDaysAfter(due, day) : calendar.workingDaysAfter(day, due);
        }
    }
}

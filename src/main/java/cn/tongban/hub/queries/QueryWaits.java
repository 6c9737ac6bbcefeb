package cn.tongban.hub.queries;

import java.time.Duration;

/** How long callers wait for an answer by default, and at most. */
public record QueryWaits(Duration defaultWait, Duration maxWait) {
}

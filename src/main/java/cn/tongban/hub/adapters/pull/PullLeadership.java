package cn.tongban.hub.adapters.pull;

/** Whether this instance is, now, the one instance of its node that runs the scheduled pulls. */
@FunctionalInterface
public interface PullLeadership {
    /** A hub alone on its database: it always runs its pulls. */
    PullLeadership ALONE = () -> true;

    boolean held();
}

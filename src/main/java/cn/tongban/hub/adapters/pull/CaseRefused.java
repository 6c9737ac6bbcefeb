package cn.tongban.hub.adapters.pull;

/**
 * The sink will not take this case (e.g. the target node does not accept it): the record counts as failed and
 * is tried again by the next run. Any other exception from a sink stops the run, as a crash would.
 */
public class CaseRefused extends Exception {
    public CaseRefused(String reason) {
        super(reason);
    }
}

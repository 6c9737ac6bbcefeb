package cn.tongban.hub.adapters.pull;

import cn.tongban.hub.cases.CaseSubmission;

/** Where pulled cases go. The hub's own is {@link ExchangeCaseSink}; tests record. */
public interface CaseSink {
    /**
     * Hands one case over for {@code toNode} as a {@code messageType} message.
     *
     * @return an id of what was sent (the TEP message id), or null
     * @throws CaseRefused when this case cannot be taken; other exceptions stop the run
     */
    String submit(String toNode, String messageType, CaseSubmission c) throws CaseRefused;

    /**
     * True when {@link #submit} writes only to the pull's own database through the ambient Spring transaction,
     * so that the submission and the pull's bookkeeping commit together (package-info.java, "order").
     * False: the sink must be idempotent by case id, since a crash can make a run submit a case again.
     */
    default boolean joinsTransaction() {
        return false;
    }
}

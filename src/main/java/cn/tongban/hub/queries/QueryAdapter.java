package cn.tongban.hub.queries;

import com.fasterxml.jackson.databind.JsonNode;

/** A local system that answers one kind of {@code data.query} (its {@link #name()}, e.g. {@code real-estate.registration}). */
public interface QueryAdapter {
    String name();

    /**
     * @param params the query's parameters as the asking region sent them
     * @param fromNode the asking region, for the adapter's own access rules
     * @return the answer (any JSON); throw {@link QueryRefused} for a query this system will not answer
     */
    JsonNode answer(JsonNode params, String fromNode) throws QueryRefused;

    /** A query the local system refuses (bad parameters, not allowed): the asker gets the reason, not a time-out. */
    class QueryRefused extends Exception {
        public QueryRefused(String reason) {
            super(reason);
        }
    }
}

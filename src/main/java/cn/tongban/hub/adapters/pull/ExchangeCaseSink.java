package cn.tongban.hub.adapters.pull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import cn.tongban.hub.cases.CaseSubmission;
import cn.tongban.hub.exchange.OutboundExchange;
import cn.tongban.hub.exchange.OutboundRequest;
import cn.tongban.hub.exchange.SubmissionRefused;

/**
 * The hub's sink: each case goes out as a TEP message through {@link OutboundExchange#submit}, with the case id
 * as conversation and the service item code as {@code svc}. The exchange writes the sealed message into the
 * outbox table of the hub's store — the database of {@code pulled_record} — so it joins the pull's transaction.
 */
public class ExchangeCaseSink implements CaseSink {
    static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final OutboundExchange exchange;

    public ExchangeCaseSink(OutboundExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String submit(String toNode, String messageType, CaseSubmission c) throws CaseRefused {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a case that cannot be written as JSON", e);
        }
        try {
            return exchange.submit(new OutboundRequest(toNode, null, messageType, c.serviceItemCode(), c.caseId(), null,
                    "application/json", body, true, null));
        } catch (SubmissionRefused e) {
            throw new CaseRefused(e.code() + ": " + e.getMessage());
        }
    }

    @Override
    public boolean joinsTransaction() {
        return true;
    }
}

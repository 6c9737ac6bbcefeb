package cn.tongban.hub.api;

import static cn.tongban.hub.api.ApiResponses.json;
import static cn.tongban.hub.api.ApiResponses.problem;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import cn.tongban.hub.cases.TimeLimit;
import cn.tongban.hub.handling.TimeLimitBoard;
import cn.tongban.hub.protocol.MessageSealer;
import cn.tongban.hub.protocol.TepJson;

/**
 * {@code GET /api/v1/time-limits?state=overdue|due-soon}: the running cases over their promised time limit
 * (承诺时限) or about to be, most urgent first; without {@code state}, both. Each item:
 * {@code {"caseId", "serviceItem" (its code), "accepted" (RFC 3339, Beijing time), "due" (yyyy-MM-dd, the last
 * working day), "state" (OVERDUE|DUE_SOON), "workingDaysLeft"}} — the shape the console reads.
 */
@RestController
public class TimeLimitController {
    private final TimeLimitBoard board;

    public TimeLimitController(TimeLimitBoard board) {
        this.board = board;
    }

    @GetMapping("/api/v1/time-limits")
    public ResponseEntity<byte[]> list(@RequestParam(name = "state", required = false) String state) {
        List<TimeLimitBoard.Entry> entries;
        if (state == null) {
            entries = board.running().stream().filter(e -> e.limit().state() == TimeLimit.State.OVERDUE
                    || e.limit().state() == TimeLimit.State.DUE_SOON).toList();
        } else if (state.equals("overdue")) {
            entries = board.inState(TimeLimit.State.OVERDUE);
        } else if (state.equals("due-soon")) {
            entries = board.inState(TimeLimit.State.DUE_SOON);
        } else {
            return problem(400, "INVALID", "state must be overdue or due-soon, not '" + abbreviate(state) + "'");
        }
        ObjectNode body = TepJson.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (TimeLimitBoard.Entry e : entries) {
            items.addObject().put("caseId", e.caseId()).put("serviceItem", e.serviceItemCode())
                    .put("accepted", e.acceptedAt().withOffsetSameInstant(MessageSealer.CST).truncatedTo(ChronoUnit.SECONDS)
                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                    .put("due", e.limit().due().toString()).put("state", e.limit().state().name())
                    .put("workingDaysLeft", e.limit().workingDaysLeft());
        }
        return json(200, body);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

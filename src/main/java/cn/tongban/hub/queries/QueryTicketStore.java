package cn.tongban.hub.queries;

import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/** Tickets of queries this hub asked. */
public class QueryTicketStore {
    /** A ticket's state and, once answered, the answer document. */
    public record Ticket(String ticket, String toNode, String queryType, String status, byte[] answer,
                        OffsetDateTime createdAt, OffsetDateTime answeredAt) {
    }

    private final JdbcTemplate jdbc;

    public QueryTicketStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void open(String ticket, String toNode, String queryType, OffsetDateTime at) {
        jdbc.update("INSERT INTO query_ticket (ticket, to_node, query_type, status, created_at) VALUES (?,?,?,'PENDING',?)",
                ticket, toNode, queryType, at);
    }

    /** Records the answer once; a repeated answer changes nothing. Returns whether this call recorded it. */
    public boolean answer(String ticket, String status, byte[] answer, OffsetDateTime at) {
        return jdbc.update("UPDATE query_ticket SET status = ?, answer = ?, answered_at = ? WHERE ticket = ? AND status = 'PENDING'",
                status, answer, at, ticket) == 1;
    }

    public Optional<Ticket> find(String ticket) {
        return jdbc.query("SELECT ticket, to_node, query_type, status, answer, created_at, answered_at FROM query_ticket WHERE ticket = ?",
                (rs, i) -> new Ticket(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBytes(5),
                        rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class)), ticket).stream().findFirst();
    }
}

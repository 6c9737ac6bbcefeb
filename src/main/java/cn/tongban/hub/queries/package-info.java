/**
 * Questions across regions ({@code data.query}, e.g. a real-estate registration lookup): the asking side
 * sends the query and waits for the {@code data.query.result} correlated by {@code ref} up to a time-out,
 * otherwise hands the caller a ticket to poll (kept in the store, so any instance can answer the poll); the
 * answering side passes each query to the local adapter registered for its name and sends the answer back.
 *
 * <p>Owns: correlation, tickets, the query adapter contract. May depend on: {@code exchange}, {@code store}
 * (its JDBC style), Jackson, Spring JDBC.
 */
package cn.tongban.hub.queries;

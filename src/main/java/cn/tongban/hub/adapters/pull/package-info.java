/**
 * Scheduled, RPA-style pulls from legacy systems that offer no interface but a CSV export over HTTP or a
 * database table: each record becomes a {@link cn.tongban.hub.cases.CaseSubmission} sent to the handling
 * region's hub ({@code case.submit}). A re-run never sends a case twice, a crash mid-pull resumes where it
 * stopped, malformed records are reported and skipped without stopping the pull, submissions are
 * rate-limited, and progress is logged (records read, new, skipped, failed).
 *
 * <h2>Record layout (one layout for both kinds)</h2>
 * CSV: RFC 4180, UTF-8 by default (a leading BOM is ignored), a header row naming exactly these columns in any
 * order (case-insensitive); a missing or unknown column stops the run before anything is sent, since the export
 * format changed. Table: the same column names; other columns of the table are ignored.
 * Empty means absent.
 * <table>
 *   <caption>columns</caption>
 *   <tr><th>column</th><th>required</th><th>value</th></tr>
 *   <tr><td>case_id</td><td>yes</td><td>1–128 printable ASCII characters, no spaces; becomes the TEP {@code conv}</td></tr>
 *   <tr><td>service_item_code</td><td>yes</td><td>政务服务事项编码: 31 or 33 characters, 18 credit-code characters then digits; the TEP {@code svc}</td></tr>
 *   <tr><td>service_item_name</td><td>no</td><td>the item's name</td></tr>
 *   <tr><td>mode</td><td>yes</td><td>{@code fully-online}, {@code remote-intake}, {@code joint-handling} (or 全程网办, 异地代收代办, 多地联办)</td></tr>
 *   <tr><td>applicant_type</td><td>yes</td><td>{@code person} or {@code organisation}</td></tr>
 *   <tr><td>applicant_name</td><td>yes</td><td>name (personal data: never logged)</td></tr>
 *   <tr><td>applicant_id</td><td>yes</td><td>person: GB 11643 identity number (check digit verified); organisation: GB 32100 credit code</td></tr>
 *   <tr><td>receiving_region</td><td>yes</td><td>GB/T 2260 code (6 digits) of the receiving window</td></tr>
 *   <tr><td>handling_regions</td><td>yes</td><td>one or more GB/T 2260 codes, separated by {@code ;}</td></tr>
 *   <tr><td>deciding_authority</td><td>yes</td><td>credit code of the deciding authority</td></tr>
 *   <tr><td>delivery</td><td>yes</td><td>{@code post}, {@code online} or {@code window}</td></tr>
 *   <tr><td>promised_days</td><td>yes</td><td>promised working days (承诺时限), 1–3650</td></tr>
 *   <tr><td>licences</td><td>no</td><td>electronic licences held by the applicant, {@code ;}-separated {@code title=identifier}
 *       (GB/T 36904 identifier, check character verified)</td></tr>
 *   <tr><td>submitted_at</td><td>no</td><td>RFC 3339 date-time with offset (a table may use TIMESTAMP WITH TIME ZONE, or TIMESTAMP read as +08:00);
 *       absent: the time of the pull</td></tr>
 * </table>
 * Credit codes must pass both GB 32100 checks unless listed in {@code tongban.adapters.pull.credit-code-allow-list}.
 *
 * <h2>Keys, de-duplication, checkpoint</h2>
 * Each record has a natural key: the {@code key-column} (default {@code case_id}); for a CSV export without a
 * stable id, {@code key-column: row-hash} keys it by the SHA-256 of its fields (an edited row is then a new
 * record). {@code pulled_record(pull_name, record_key)} is unique: a key found there with outcome SUBMITTED is
 * skipped. {@code pull_checkpoint.last_key} is the last key settled (sent or already sent) before the first
 * failed record of the run: a table pull reads {@code WHERE key > last_key ORDER BY key} in pages (keyset
 * pagination), so a crash resumes after the last committed record and a failed record is read again by the
 * next run until the legacy system corrects it. A CSV export is read whole each run; resuming there is
 * skipping known keys, and the checkpoint only tells operators how far it got.
 *
 * <h2>Why the order of writes can neither lose nor duplicate a case</h2>
 * <ul>
 *   <li>The hub's sink ({@link cn.tongban.hub.adapters.pull.ExchangeCaseSink}) writes the sealed message into
 *       the outbox table of the same database ({@link CaseSink#joinsTransaction()}). Then one transaction
 *       holds: insert {@code pulled_record} (its unique key claims the record, so a concurrent run fails here
 *       before any work), the sink's outbox insert, and the checkpoint. Either all three commit or none: a
 *       crash before the commit leaves no trace and the next run sends the record; after it, the record is
 *       known and skipped. (The sink's broker enqueue is outside the transaction; a rolled-back message id
 *       on the queue finds no row and is dropped, and a committed row whose enqueue was lost is re-queued by
 *       the exchange's sweep.)</li>
 *   <li>A sink outside that database cannot join the transaction, so it must be idempotent by case id. The
 *       record is written first as PENDING (committed), then submitted, then marked SUBMITTED with the
 *       checkpoint. A crash before the submit leaves PENDING, which the next run submits; a crash after
 *       the submit but before the mark makes the next run submit again, which the sink's idempotence drops.
 *       Submitting first would lose nothing either, but PENDING rows show what was in flight.</li>
 * </ul>
 *
 * <h2>Several instances of one node</h2>
 * Every instance's schedule fires; only the instance holding the pull lock ({@link cn.tongban.hub.adapters.pull.PullLock},
 * a row in {@code pull_lock} kept by Spring Integration's {@code JdbcLockRegistry} and leader initiator) runs
 * the pull. A holder that dies loses the row {@code tongban.adapters.pull.lock.time-to-live} after its last
 * renewal. Two runs at once (a holder stalled past its time to live) still send no record twice: the unique key
 * of {@code pulled_record} decides.
 *
 * <p>Own: the pulls' configuration, reading, mapping, de-duplication and checkpoint tables
 * ({@code db/migration/V3__pulls.sql}), the pull lock ({@code V9__pull_lock.sql}), and the schedule route
 * template ({@code routes/pulls.yaml}).
 * May depend on: {@code cases}, {@code exchange}, Spring JDBC, Spring Integration (the lock only), Camel; no other adapter.
 */
package cn.tongban.hub.adapters.pull;

package cn.tongban.hub.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The receiving route the process tests put under a hub (Camel YAML DSL, loaded from a file as an operator's
 * route is): it consumes {@code tep.in.test.ping} in broker transactions and its only effect is the
 * {@code handling_ledger} row, written once per message whatever the broker redelivers — so the ledger's rows
 * for the route are exactly the messages handled.
 */
final class LedgerProbeRoute {
    private LedgerProbeRoute() {
    }

    /** Writes the route with id {@code routeId} to {@code file}; returns the file. */
    static Path write(Path file, String routeId) throws IOException {
        return Files.writeString(file, """
                # the receiving route under test: its effect is the ledger row, written once per message
                - route:
                    id: %s
                    from:
                      uri: jms:queue:tep.in.test.ping
                      parameters:
                        transacted: true
                        concurrentConsumers: 2
                      steps:
                        - filter:
                            expression:
                              method:
                                ref: handlingLedger
                                method: "firstHandling('%s', ${header.tepFrom}, ${header.tepId})"
                            steps:
                              - log:
                                  loggingLevel: DEBUG
                                  message: "handled ${header.tepId}"
                """.formatted(routeId, routeId));
    }
}

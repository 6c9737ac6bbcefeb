/**
 * SOAP bridge to a vertical ministry's case registration system (WSDL-first:
 * {@code src/main/resources/wsdl/registration.wsdl}; the {@code soap} sub-package is generated from it by
 * cxf-codegen-plugin at every build). The hub is the client: {@link cn.tongban.hub.adapters.registration.RegistrationClient}
 * submits a case and queries its status; {@link cn.tongban.hub.adapters.registration.RegistrationMapping}
 * transforms between the canonical model and the SOAP types; routes/registration.yaml calls
 * {@link cn.tongban.hub.adapters.registration.RegistrationBridge} and the client for each accepted case.submit
 * and answers with a case.status. {@link cn.tongban.hub.adapters.registration.RegistrationSimulator} serves the
 * same WSDL on its own port for tests and demos.
 *
 * <p>Why a plain CXF JAX-WS proxy rather than a Camel {@code cxf:} endpoint: the generated interface gives typed
 * calls and a typed {@code ValidationFailed} exception for the WSDL's fault, which is what decides between a
 * case status and a retry; it is tested without Camel; and the time-outs and XML hardening sit on one bus of
 * its own. Camel still carries the flow (the YAML route calls the beans), so operators see and edit it.
 *
 * <p>Never a lost case: a reply or a ValidationFault becomes a {@link cn.tongban.hub.cases.CaseStatus} sent back;
 * anything else is {@link cn.tongban.hub.adapters.registration.RegistrationUnavailable}, retried by the route,
 * then by the broker (the JMS consumption is transacted: the failure rolls back and Artemis redelivers with
 * back-off, finally to the DLQ queue). SubmitCase is idempotent on the case id, so retries register nothing twice.
 *
 * <p>Owns: the registration system's protocol and format. May depend on: {@code cases}, {@code exchange}, CXF,
 * Camel, Spring (only {@code RegistrationConfiguration}/{@code RegistrationProperties}; the simulator runs without it).
 */
package cn.tongban.hub.adapters.registration;

/**
 * The hub's canonical case model (跨省通办): case submissions with their applicant, service mode, regions,
 * deciding authority, delivery, materials and promised time limit; case statuses; the applicant's
 * evaluation (好差评); licence checks. Every adapter transforms between its system's format and these
 * records; the JSON form ({@link cn.tongban.hub.cases.CaseJson}) is what crosses hubs, described by the JSON Schemas
 * in {@code docs/schemas}. {@link cn.tongban.hub.cases.CaseValidator} holds the rules, on the identifiers of
 * shared/DOMAIN.md ({@code CreditCode}, {@code ResidentIdNumber}, {@code DivisionCode} with its dated list
 * {@code divisions.csv}, {@code ServiceItemCode}, {@code LicenceId}); where DOMAIN.md is uncertain it warns.
 *
 * <p>Owns: the canonical model and its validation. May depend on: {@code crypto} (SM3), Jackson, the JDK.
 */
package cn.tongban.hub.cases;

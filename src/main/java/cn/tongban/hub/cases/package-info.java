/**
 * The hub's canonical case model (跨省通办): case submissions with their applicant, service mode, regions,
 * deciding authority, delivery, materials and promised time limit; case statuses; the applicant's
 * evaluation (好差评); licence checks. Every adapter transforms between its system's format and these
 * records; the JSON form (Jackson) is what crosses hubs, described by the JSON Schemas in {@code docs/schemas}.
 *
 * <p>Owns: the canonical model and its validation. May depend on: {@code crypto} (SM3), Jackson, the JDK.
 */
package cn.tongban.hub.cases;

package cn.tongban.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LicenceIdTest {
    static final String[] VALID = {
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
            "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
            "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"};

    /** shared/DOMAIN.md's examples, check characters F, U and 0. */
    @ParameterizedTest
    @ValueSource(strings = {
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
            "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
            "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"})
    void workedExamplesPass(String id) {
        assertThat(LicenceId.problem(id)).isNull();
        assertThat(LicenceId.isValid(id)).isTrue();
        assertThat(LicenceId.warning(id)).isNull();
        assertThat(LicenceId.checkChar(payload(id))).isEqualTo(id.charAt(id.length() - 1));
    }

    @Test
    void checkCharactersOfTheExamples() {
        assertThat(LicenceId.checkChar("11100000000013338W03211220000013544541J2430599001")).isEqualTo('F');
        assertThat(LicenceId.checkChar("11100000000013338W01111430000006122244L20230000403001")).isEqualTo('U');
        assertThat(LicenceId.checkChar("11100000000013338W00911330105002500287C2025052201002")).isEqualTo('0');
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F",
            "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
            "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0"})
    void everySingleCharacterMutationIsRefused(String id) {
        int checkedByCheckChar = 0;
        for (String m : Samples.mutations(id, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZa.-")) {
            String problem = LicenceId.problem(m);
            assertThat(problem).as(m).isNotNull();
            if (problem.startsWith("check character ") && problem.contains("is wrong (MOD 37,36 gives")) {
                checkedByCheckChar++;
            }
        }
        // many mutations keep the shape: only MOD 37,36 catches them
        assertThat(checkedByCheckChar).isGreaterThan(300);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "1.2.156.3005.1.11100000000013338W032.11220000013544541J.2430599.001.F",
            "1.2.156.3005.2.11100000000013338W32.11220000013544541J.2430599.001.F",
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.01.F",
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001",
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J..001.F",
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.243059x.001.F",
            "1.2.156.3005.2.11100000000013338W032.1122000001354454IJ.2430599.001.F",
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F ",
            "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.FF"})
    void malformedIdentifiersAreRefused(String id) {
        assertThat(LicenceId.problem(id)).isNotBlank();
    }

    /** Serial lengths outside the 7-32 seen and embedded credit codes failing their check only warn. */
    @Test
    void whatDomainLeavesOpenIsAWarning() {
        String shortSerial = withCheck("1.2.156.3005.2.11100000000013338W032.11220000013544541J.243059.001.");
        assertThat(LicenceId.problem(shortSerial)).isNull();
        assertThat(LicenceId.warning(shortSerial)).contains("serial of 6");
        String longSerial = withCheck("1.2.156.3005.2.11100000000013338W032.11220000013544541J." + "7".repeat(33) + ".001.");
        assertThat(LicenceId.problem(longSerial)).isNull();
        assertThat(LicenceId.warning(longSerial)).contains("serial of 33");
        String seven = withCheck("1.2.156.3005.2.11100000000013338W032.11220000013544541J.1234567.001.");
        assertThat(LicenceId.warning(seven)).isNull();
        String badIssuer = withCheck("1.2.156.3005.2.11100000000013338W032.11370300MB28579060.2430599.001.");
        assertThat(LicenceId.problem(badIssuer)).isNull();
        assertThat(LicenceId.warning(badIssuer)).contains("issuer");
        assertThat(LicenceId.warning(badIssuer, java.util.Set.of("11370300MB28579060"))).isNull();
        String tooLong = withCheck("1.2.156.3005.2.11100000000013338W032.11220000013544541J." + "7".repeat(65) + ".001.");
        assertThat(LicenceId.problem(tooLong)).isNotNull();
    }

    static String payload(String id) {
        String[] p = id.split("\\.");
        return p[5] + p[6] + p[7] + p[8];
    }

    /** {@code prefix} ends in the dot before the check character. */
    static String withCheck(String prefix) {
        return prefix + LicenceId.checkChar(payload(prefix + "0"));
    }
}
